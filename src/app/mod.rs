//! The composition root: builds the store, the knowledge base, the clock and the core, and wires
//! them to a channel (Telegram or the console) or to a command-line tool.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::io::BufReader;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::chat::Person;

use crate::assistant::Assistant;
use crate::cli::{Cli, CliCommand, ConsoleArgs};
use crate::clock::{Clock, SystemClock};
use crate::config::Settings;
use crate::faq::Faq;
use crate::sessions::Catalogue;
use crate::shutdown::Shutdown;
use crate::store::Store;
use crate::telegram;

mod background;
mod logging;
mod tools;
mod webhook_tool;

use background::background_work;
pub use logging::init_logging;
use tools::{check_health, run_faq_tool, run_sessions_tool};

/// How often the content folder is checked for edits.
pub(super) const CONTENT_CHECK_EVERY: Duration = Duration::from_secs(5);
/// How often the running bot says it is alive, and how old that may be for `health` to pass.
pub(super) const HEARTBEAT_EVERY: Duration = Duration::from_secs(30);
pub(super) const HEARTBEAT_STALE_AFTER: chrono::Duration = chrono::Duration::seconds(120);
pub(super) const HEARTBEAT: &str = "telegram";
/// How often old rows are cleaned up.
pub(super) const HOUSEKEEPING_EVERY: Duration = Duration::from_secs(3600);

/// Runs what the command line asked for.
pub async fn run_cli(cli: Cli) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let rust_log_set = std::env::var_os("RUST_LOG").is_some_and(|v| !v.is_empty());
    init_logging(cli.log_target(rust_log_set), settings.log_format)?;
    match cli.command.unwrap_or(CliCommand::Run) {
        CliCommand::Run => {
            run_telegram(settings, Arc::new(SystemClock), shutdown_on_signals()?).await?;
            Ok(ExitCode::SUCCESS)
        }
        CliCommand::Console(args) => {
            run_console(settings, args).await?;
            Ok(ExitCode::SUCCESS)
        }
        CliCommand::Health => check_health(&settings).await,
        CliCommand::Migrate => {
            let store = Store::open(&settings.database_url).await?;
            println!("The {} database is up to date.", store.backend_name());
            store.close().await;
            Ok(ExitCode::SUCCESS)
        }
        CliCommand::Faq(command) => run_faq_tool(&settings, command).await,
        CliCommand::Sessions(command) => run_sessions_tool(&settings, command).await,
        CliCommand::Webhook(command) => webhook_tool::run_webhook_tool(&settings, command).await,
        CliCommand::Export(args) => {
            let store = Store::open(&settings.database_url).await?;
            let csv = match args.what.kind() {
                Some(kind) => {
                    crate::export::export_csv(&store, kind, args.since, settings.timezone).await?
                }
                None => {
                    let faq = Faq::load(&settings.content_dir, &settings.trusts)?;
                    let journey = crate::journey::load_from_content(
                        &settings.content_dir,
                        &faq.current(),
                        &settings.trusts,
                    )?;
                    let today = SystemClock.now().with_timezone(&settings.timezone);
                    crate::export::export_journey_csv(
                        &store,
                        &journey,
                        today.date_naive(),
                        args.since,
                    )
                    .await?
                }
            };
            store.close().await;
            use std::io::Write;
            std::io::stdout()
                .write_all(&csv)
                .context("could not write the export")?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Opens the store, loads the content (with aliases leads taught it) and builds the core.
pub async fn build_assistant(
    settings: Arc<Settings>,
    clock: Arc<dyn Clock>,
    bot_username: &str,
) -> anyhow::Result<Assistant> {
    let store = Store::open(&settings.database_url).await?;
    let faq = Faq::load(&settings.content_dir, &settings.trusts).with_context(|| {
        format!(
            "the knowledge base in {} could not be loaded",
            settings.content_dir.display()
        )
    })?;
    faq.learn_aliases(&store.learned_aliases().await?);
    let catalogue = load_catalogue(&settings)?;
    let journey =
        crate::journey::load_from_content(&settings.content_dir, &faq.current(), &settings.trusts)
            .context("the arrival journey could not be loaded")?;
    let assistant =
        Assistant::new(store, faq, clock, settings, bot_username).with_catalogue(catalogue);
    assistant.replace_journey(journey);
    crate::journey::nudges::Nudges::new(assistant.context())
        .schedule_all_nudges()
        .await
        .context("could not schedule the arrival checklist's nudges")?;
    crate::feedback::conversation::FeedbackRounds::new(assistant.context())
        .anonymise_closed_forms()
        .await
        .context("could not anonymise the responses of closed feedback forms")?;
    Ok(assistant)
}

/// The session types in `content/session-types.toml`; none (with a warning) if the file is absent.
pub(super) fn load_catalogue(settings: &Settings) -> anyhow::Result<Catalogue> {
    Catalogue::load_from_content(&settings.content_dir).map_err(anyhow::Error::msg)
}

/// Runs the bot on Telegram until `stop` is cancelled (SIGTERM, Ctrl-C), then shuts down
/// within the settings' deadline: nothing new is taken, what is under way finishes if it can,
/// and the rest stays in the database for the next start.
pub async fn run_telegram(
    settings: Settings,
    clock: Arc<dyn Clock>,
    stop: CancellationToken,
) -> anyhow::Result<()> {
    settings.require_token()?;
    let mut settings = settings;
    let console = listen_for_console(&mut settings).await?;
    if settings.run_mode.webhook().is_some() && console.is_none() {
        anyhow::bail!(
            "RUN_MODE=webhook receives updates on the web server, but WEB_ADDR is empty: give it an address like 0.0.0.0:8080"
        );
    }
    let settings = Arc::new(settings);
    // The safety triage's model learns at first use; learn it now, off the async threads, so
    // the first message is answered as fast as the rest.
    tokio::task::spawn_blocking(crate::safety::warm_up);
    let (bot, me) = telegram::connect(&settings).await?;
    let webhook = settings.run_mode.webhook();
    if webhook.is_none() {
        telegram::refuse_beside_a_webhook(&bot).await?;
    }
    let assistant = build_assistant(settings.clone(), clock, me.username()).await?;
    tracing::info!(
        backend = assistant.store().backend_name(),
        articles = assistant.faq().current().articles().len(),
        mode = if webhook.is_some() {
            "webhook"
        } else {
            "polling"
        },
        "fellowship-bot is starting"
    );
    // Held until this function returns; the operating system or the database lets go of it
    // if the process dies.
    let _sole_poller = match webhook {
        None => {
            let held = become_sole_poller(&assistant).await?;
            take_back_claims(&assistant).await?;
            Some(held)
        }
        Some(webhook) => {
            tracing::info!(
                path = webhook.path(),
                "updates come by webhook; other replicas may be running, so their work is taken \
                 over only when their leases lapse"
            );
            None
        }
    };
    telegram::register_commands(&bot, &assistant).await;
    if let Err(error) = crate::sessions::conversation::Eq::new(assistant.context())
        .schedule_eq_digest()
        .await
    {
        tracing::warn!(%error, "could not schedule the weekly EQ digest");
    }
    let channel = Arc::new(telegram::Channel::new(
        assistant.clone(),
        bot,
        me,
        settings.send_limits,
    ));
    // Rung whenever updates are stored, by polling or by the webhook.
    let wake = Arc::new(tokio::sync::Notify::new());
    let web = match (console, settings.web_link_base()) {
        (Some(listener), Some(base)) => {
            let state = crate::web::WebState::new(assistant.context().clone(), &base);
            let app = match webhook {
                None => crate::web::router(state),
                Some(webhook) => {
                    let endpoint =
                        || telegram::webhook_routes(webhook, channel.clone(), wake.clone());
                    crate::web::router_with(state, endpoint).with_context(|| {
                        format!(
                            "WEBHOOK_URL's path {} cannot be served: it is one of the web console's, or a part of it starts with ':' or '*'; choose another, like /telegram",
                            webhook.path()
                        )
                    })?
                }
            };
            Some((listener, base, app))
        }
        _ => None,
    };
    let shutdown = Shutdown::on(stop.clone());
    let finished = CancellationToken::new();
    let renewing = tokio::spawn(renew_claims(assistant.clone(), finished.clone()));
    let mut tasks = JoinSet::new();
    tasks.spawn(background_work(assistant.clone(), stop.clone()));
    tasks.spawn(crate::worker::run(
        assistant.clone(),
        channel.clone(),
        settings.worker_interval,
        shutdown.clone(),
    ));
    tasks.spawn(crate::broadcast::sender::run(
        assistant.context().clone(),
        channel.clone(),
        crate::broadcast::conversation::Broadcasts::new(assistant.context()).broadcast_wakeups(),
        settings.worker_interval,
        stop.clone(),
    ));
    if let Some((listener, base, app)) = web {
        tracing::info!(address = %base, "the leads' web console is listening");
        tasks.spawn(crate::web::serve_app(listener, app, stop.clone()));
    }
    let receiving = match webhook {
        None => telegram::Receiving::Polling(long_poll(&settings)),
        Some(_) => telegram::Receiving::Webhook,
    };
    tasks.spawn(telegram::run(channel, wake, receiving, shutdown.clone()));
    stop.cancelled().await;
    tracing::info!(
        deadline = ?settings.shutdown_deadline,
        "stopping: nothing new is taken; finishing what is under way"
    );
    shutdown
        .finish(&mut tasks, settings.shutdown_deadline)
        .await;
    finished.cancel();
    let _ = renewing.await;
    match assistant.store().release_claims(assistant.claimant()).await {
        Ok(released) if released > 0 => {
            tracing::info!(released, "unfinished work was left for the next start")
        }
        Ok(_) => {}
        Err(error) => {
            tracing::warn!(%error, "could not let go of unfinished work; the next start takes it back")
        }
    }
    assistant.store().close().await;
    tracing::info!("fellowship-bot stopped");
    Ok(())
}

/// Opens the web console's port when `WEB_ADDR` is set, before anything else starts (a port
/// taken fails the start); the address it got (port 0 picks one) goes back into `settings`.
async fn listen_for_console(
    settings: &mut Settings,
) -> anyhow::Result<Option<tokio::net::TcpListener>> {
    let Some(addr) = settings.web_addr else {
        return Ok(None);
    };
    let listener = crate::web::bind(addr).await?;
    settings.web_addr = Some(
        listener
            .local_addr()
            .context("the web console's address could not be read")?,
    );
    Ok(Some(listener))
}

/// How long one getUpdates waits: as configured, but always within the Bot API timeout.
fn long_poll(settings: &Settings) -> Duration {
    let margin = Duration::from_secs(1);
    settings
        .poll_timeout
        .min(settings.api_timeout.saturating_sub(margin))
}

/// Long polling is one process's job: a second one on the same database would take the
/// first's work from under it at start (see [`take_back_claims`]), so it is refused.
async fn become_sole_poller(assistant: &Assistant) -> anyhow::Result<crate::store::SolePoller> {
    assistant.store().become_sole_poller().await?.context(
        "another fellowship-bot is already polling Telegram with this database (DATABASE_URL). \
             Long polling is one process's job: stop the other one, or run several replicas with \
             RUN_MODE=webhook on PostgreSQL",
    )
}

/// Polling allows one process per bot token (Telegram refuses a second getUpdates), so every
/// claim another run left is a dead run's: taken back at once rather than when its lease
/// lapses. (In webhook mode, with several replicas alive, this is not done: their short,
/// renewed leases bring a dead replica's work back within seconds instead.)
async fn take_back_claims(assistant: &Assistant) -> anyhow::Result<()> {
    let taken = assistant
        .store()
        .take_back_claims(assistant.claimant())
        .await
        .context("could not take back work left by an earlier run")?;
    if taken.updates + taken.jobs > 0 {
        tracing::info!(
            updates = taken.updates,
            jobs = taken.jobs,
            "took back work an earlier run left unfinished"
        );
    }
    if taken.unconfirmed > 0 {
        tracing::warn!(
            unconfirmed = taken.unconfirmed,
            "messages were in flight when the bot last stopped: they may have arrived, so they are not sent again"
        );
    }
    Ok(())
}

/// Renews the leases this run holds until `finished`.
async fn renew_claims(assistant: Assistant, finished: CancellationToken) {
    loop {
        tokio::select! {
            () = finished.cancelled() => return,
            () = tokio::time::sleep(crate::store::RENEW_EVERY) => {}
        }
        if let Err(error) = assistant
            .store()
            .renew_claims(assistant.claimant(), assistant.now())
            .await
        {
            tracing::warn!(%error, "could not renew the claims this run holds");
        }
    }
}

/// The console delivers due reminders and broadcasts as it goes: beside a Telegram bot running
/// on the same database it would take them from the fellows, so it does not start.
async fn refuse_beside_a_running_bot(assistant: &Assistant) -> anyhow::Result<()> {
    let now = assistant.now();
    let last = assistant
        .store()
        .last_beat(HEARTBEAT)
        .await
        .context("could not read the bot's heartbeat")?;
    if let Some(at) = last
        && now - at <= HEARTBEAT_STALE_AFTER
    {
        anyhow::bail!(
            "the Telegram bot is running on this database (alive {} s ago): the console would \
             take its reminders and broadcasts. Try the console on its own database, for example \
             DATABASE_URL=sqlite://data/console.db cargo run -- console",
            (now - at).num_seconds().max(0)
        );
    }
    Ok(())
}

/// Chats in the terminal, as a fellow (or a lead with `--admin`).
pub async fn run_console(mut settings: Settings, args: ConsoleArgs) -> anyhow::Result<()> {
    if args.admin && !settings.admins.contains(&args.user_id) {
        settings.admins.push(args.user_id);
    }
    let assistant =
        build_assistant(Arc::new(settings), Arc::new(SystemClock), "fellowship_bot").await?;
    refuse_beside_a_running_bot(&assistant).await?;
    let interactive = std::io::stdin().is_terminal();
    if interactive {
        println!(
            "fellowship-bot console: type a message, #N to press a button, Ctrl-D to leave.\n"
        );
    }
    let person = Person::named(args.user_id, args.name);
    let input = BufReader::new(tokio::io::stdin());
    crate::console::run(&assistant, person, input, tokio::io::stdout()).await?;
    assistant.store().close().await;
    Ok(())
}

/// Cancels the returned token on SIGINT (Ctrl-C) or SIGTERM.
pub fn shutdown_on_signals() -> anyhow::Result<CancellationToken> {
    let token = CancellationToken::new();
    let cancel = token.clone();
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .context("could not listen for SIGTERM")?;
    tokio::spawn(async move {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => tracing::info!("SIGINT received"),
            _ = terminate.recv() => tracing::info!("SIGTERM received"),
        }
        cancel.cancel();
    });
    Ok(token)
}
