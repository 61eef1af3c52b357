//! Who a console request is from: a signed-in lead. The guard (`guard.rs`) makes one from a
//! request's cookie, checking the roles the chat uses; pages take it to say who is signed in
//! and to put the session's token in their forms.

use crate::signin::SignedIn;

/// A signed-in lead, checked on this request against the roles the chat uses.
pub(crate) struct Lead {
    pub signed_in: SignedIn,
    /// The cookie's session secret (to sign out).
    pub session: String,
}

impl Lead {
    pub fn user_id(&self) -> i64 {
        self.signed_in.user_id
    }

    /// Whether a form's token is this session's.
    pub fn form_is_ours(&self, token: &str) -> bool {
        let expected = self.signed_in.form_token.as_bytes();
        let sent = token.as_bytes();
        // Compared in constant time: how long a refusal takes tells nothing of the token.
        expected.len() == sent.len()
            && expected
                .iter()
                .zip(sent)
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
}
