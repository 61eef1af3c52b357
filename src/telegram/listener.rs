//! The update listener as the dispatcher sees it: teloxide's long polling, minus the updates
//! teloxide could not read. It would log those whole (text and names) at ERROR; here they are
//! skipped with a line that holds the update id only.

use futures::StreamExt;
use futures::stream::BoxStream;
use teloxide::stop::StopToken;
use teloxide::types::{AllowedUpdate, Update, UpdateKind};
use teloxide::update_listeners::{AsUpdateStream, UpdateListener};

/// `L`'s updates, without those teloxide could not parse.
pub struct WithoutUnreadable<L>(pub L);

impl<'a, L> AsUpdateStream<'a> for WithoutUnreadable<L>
where
    L: AsUpdateStream<'a>,
    L::StreamErr: Send + 'a,
{
    type StreamErr = L::StreamErr;
    type Stream = BoxStream<'a, Result<Update, L::StreamErr>>;

    fn as_stream(&'a mut self) -> Self::Stream {
        self.0
            .as_stream()
            .filter_map(|update| async move {
                match update {
                    Ok(update) if matches!(update.kind, UpdateKind::Error(_)) => {
                        // Its offset is confirmed all the same: the listener counted it already.
                        tracing::warn!(
                            update_id = update.id.0,
                            "skipped an update the Telegram library could not read"
                        );
                        None
                    }
                    other => Some(other),
                }
            })
            .boxed()
    }
}

impl<L> UpdateListener for WithoutUnreadable<L>
where
    L: UpdateListener,
    L::Err: Send + 'static,
{
    type Err = L::Err;

    fn stop_token(&mut self) -> StopToken {
        self.0.stop_token()
    }

    fn hint_allowed_updates(&mut self, hint: &mut dyn Iterator<Item = AllowedUpdate>) {
        self.0.hint_allowed_updates(hint);
    }
}
