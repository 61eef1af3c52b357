//! The deployment files (compose.yaml, deploy/Caddyfile, .env.example) read as text: the
//! invariants that matter and could drift as the bot changes. Both replicas run webhook mode
//! on PostgreSQL and never set the webhook themselves, secrets come from the environment,
//! Caddy never serves /metrics, and every variable compose gives the bot is one it reads
//! (checked by feeding compose's environment to `Settings::from_lookup`). No Docker needed.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use fellowship_bot::config::Settings;

fn read(path: &str) -> String {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn is_content(line: &str) -> bool {
    let trimmed = line.trim();
    !trimmed.is_empty() && !trimmed.starts_with('#')
}

/// The lines nested under the first line that reads `key` (trimmed), comments left out.
fn block<'a>(lines: &[&'a str], key: &str) -> Vec<&'a str> {
    let start = lines
        .iter()
        .position(|line| line.trim() == key)
        .unwrap_or_else(|| panic!("no line '{key}'"));
    let depth = indent(lines[start]);
    lines[start + 1..]
        .iter()
        .copied()
        .filter(|line| is_content(line))
        .take_while(|line| indent(line) > depth)
        .collect()
}

/// `KEY: value` pairs of a block's direct children, quotes taken off the value.
fn pairs(lines: &[&str]) -> Vec<(String, String)> {
    let Some(depth) = lines.first().map(|line| indent(line)) else {
        return Vec::new();
    };
    lines
        .iter()
        .filter(|line| indent(line) == depth)
        .filter_map(|line| line.trim().split_once(':'))
        .map(|(key, value)| {
            let value = value.trim().trim_matches('"').trim_matches('\'');
            (key.trim().to_owned(), value.to_owned())
        })
        .collect()
}

fn compose_lines(compose: &str) -> Vec<&str> {
    compose.lines().collect()
}

/// The environment both replicas get, from the shared `x-bot` definition.
fn bot_environment(compose: &str) -> Vec<(String, String)> {
    let lines = compose_lines(compose);
    let bot = block(&lines, "x-bot: &bot");
    pairs(&block(&bot, "environment:"))
}

/// What a deployment's .env gives compose in this test.
fn sample_env() -> HashMap<&'static str, &'static str> {
    HashMap::from([
        (
            "TELOXIDE_TOKEN",
            "123456789:AAE0123456789abcdefghijklmnopqrstuv",
        ),
        ("WEBHOOK_SECRET", "0123456789abcdef0123456789abcdef"),
        ("BOT_DOMAIN", "bot.example.org"),
        ("POSTGRES_PASSWORD", "0a1b2c3d4e5f"),
    ])
}

/// Compose's `${NAME}`, `${NAME:-default}` and `${NAME:?message}` against `env`.
fn interpolate(value: &str, env: &HashMap<&str, &str>) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find("${") {
        out.push_str(&rest[..at]);
        let inner_end = rest[at..].find('}').expect("an unclosed ${") + at;
        let inner = &rest[at + 2..inner_end];
        let (name, modifier) = match inner.find(':') {
            Some(colon) => (&inner[..colon], &inner[colon..]),
            None => (inner, ""),
        };
        match env.get(name).filter(|v| !v.is_empty()) {
            Some(set) => out.push_str(set),
            None if modifier.starts_with(":-") => out.push_str(&modifier[2..]),
            None => panic!("compose needs {name}, which the sample .env lacks"),
        }
        rest = &rest[inner_end + 1..];
    }
    out.push_str(rest);
    out
}

/// Every `${NAME` compose reads from .env or the shell (comments aside).
fn interpolated_names(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|line| is_content(line))
        .flat_map(|line| line.split("${").skip(1))
        .map(|after| {
            after
                .chars()
                .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
                .collect()
        })
        .collect()
}

#[test]
fn both_replicas_are_the_shared_bot_definition_and_only_run() {
    let compose = read("compose.yaml");
    let lines = compose_lines(&compose);
    let services = block(&lines, "services:");
    for replica in ["bot-1:", "bot-2:"] {
        let body: Vec<&str> = block(&services, replica)
            .iter()
            .map(|line| line.trim())
            .collect();
        assert_eq!(
            body,
            ["<<: *bot"],
            "{replica} should be exactly the shared definition: a key of its own (environment, \
             command…) replaces the shared one whole"
        );
    }
    let bot = block(&lines, "x-bot: &bot");
    let settings = pairs(&bot);
    let get = |key: &str| {
        settings
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("command"), Some(r#"["run"]"#));
    assert_eq!(get("entrypoint"), None, "the image's entrypoint stays");
    assert_eq!(get("restart"), Some("unless-stopped"));
    assert_eq!(get("healthcheck"), None, "the image's health check applies");
    assert!(
        !bot.iter().any(|line| line.contains("webhook set")),
        "a replica never sets the webhook; the operator runs `webhook set` once"
    );
    let depends = block(&bot, "depends_on:");
    assert!(
        depends.iter().any(|l| l.trim() == "db:")
            && depends
                .iter()
                .any(|l| l.trim() == "condition: service_healthy"),
        "{depends:?}"
    );
}

#[test]
fn the_replicas_are_webhook_replicas_on_postgresql_with_secrets_from_the_environment() {
    let compose = read("compose.yaml");
    let environment = bot_environment(&compose);
    let get = |key: &str| {
        environment
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("{key} is not in the bots' environment"))
    };
    assert_eq!(get("RUN_MODE"), "webhook");
    assert!(
        get("DATABASE_URL").starts_with("postgres://") && get("DATABASE_URL").contains("@db:5432/"),
        "{}",
        get("DATABASE_URL")
    );
    for secret in ["TELOXIDE_TOKEN", "WEBHOOK_SECRET"] {
        assert!(
            get(secret).starts_with(&format!("${{{secret}:?")),
            "{secret} must come from .env, required: {}",
            get(secret)
        );
    }
    assert!(
        get("DATABASE_URL").contains(":${POSTGRES_PASSWORD"),
        "the database password comes from .env"
    );
    let db = block(&block(&compose_lines(&compose), "services:"), "db:");
    assert!(
        db.iter().any(|l| l
            .trim()
            .starts_with("POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?")),
        "{db:?}"
    );
    assert!(
        db.iter().any(|l| l.contains("pg_isready")),
        "the database's health check"
    );
    assert!(
        !compose.contains("env_file"),
        "the bots get only the variables listed: .env.example's SQLite DATABASE_URL must not reach them"
    );
}

#[test]
fn every_variable_compose_gives_the_bot_is_one_it_reads_and_makes_a_webhook_replica() {
    let compose = read("compose.yaml");
    let env = sample_env();
    let values: HashMap<String, String> = bot_environment(&compose)
        .into_iter()
        .map(|(key, value)| {
            let value = interpolate(&value, &env);
            (key, value)
        })
        .collect();
    let asked = RefCell::new(BTreeSet::new());
    let settings = Settings::from_lookup(|name| {
        asked.borrow_mut().insert(name.to_owned());
        values.get(name).cloned()
    })
    .unwrap_or_else(|e| panic!("compose's environment is refused: {e}"));
    let asked = asked.into_inner();
    // RUST_LOG is read by the log filter (tracing's EnvFilter), not by Settings.
    let unknown: Vec<&String> = values
        .keys()
        .filter(|name| !asked.contains(*name) && *name != "RUST_LOG")
        .collect();
    assert!(
        unknown.is_empty(),
        "compose sets variables the bot never reads: {unknown:?}"
    );
    let webhook = settings.run_mode.webhook().expect("webhook mode");
    assert_eq!(webhook.url.as_str(), "https://bot.example.org/telegram");
    assert_eq!(
        webhook.url.port_or_known_default(),
        Some(443),
        "Caddy listens on 443"
    );
    assert!(settings.database_url.starts_with("postgres://"));
    assert_eq!(settings.web_addr, Some("0.0.0.0:8080".parse().unwrap()));
    assert_eq!(
        settings.web_link_base().as_deref(),
        Some("https://bot.example.org"),
        "the console's links use the same public name as Caddy's site"
    );
}

#[test]
fn caddy_serves_one_site_over_both_replicas_and_never_metrics() {
    let caddyfile = read("deploy/Caddyfile");
    let lines: Vec<&str> = caddyfile.lines().filter(|l| is_content(l)).collect();
    let sites: Vec<&&str> = lines
        .iter()
        .filter(|l| indent(l) == 0 && l.trim_end().ends_with('{'))
        .collect();
    assert_eq!(
        sites.iter().map(|l| l.trim()).collect::<Vec<_>>(),
        ["{$BOT_DOMAIN} {"],
        "one site, named by BOT_DOMAIN (no http:// site: Caddy's automatic https)"
    );
    let matcher = lines
        .iter()
        .map(|l| l.trim())
        .find(|l| l.starts_with("@metrics path "))
        .expect("a matcher for /metrics");
    let paths: Vec<&str> = matcher.split_whitespace().skip(2).collect();
    assert!(
        paths.contains(&"/metrics") && paths.contains(&"/metrics/*"),
        "{paths:?}"
    );
    let handled: Vec<&str> = block(&lines, "handle @metrics {")
        .iter()
        .map(|l| l.trim())
        .collect();
    assert_eq!(handled, ["respond 404"], "/metrics gets a plain 404");
    let proxies: Vec<&str> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| l.starts_with("reverse_proxy "))
        .collect();
    assert!(
        proxies.len() == 1 && proxies[0].starts_with("reverse_proxy bot-1:8080 bot-2:8080"),
        "one proxy, over the replicas on WEB_ADDR's port: {proxies:?}"
    );
    let options: Vec<&str> = block(&lines, proxies[0]).iter().map(|l| l.trim()).collect();
    for needed in ["health_uri /healthz", "lb_try_duration", "request_buffers"] {
        assert!(
            options.iter().any(|o| o.starts_with(needed)),
            "{needed}: {options:?}"
        );
    }
}

#[test]
fn env_example_names_every_variable_compose_reads() {
    let compose = read("compose.yaml");
    let example = read(".env.example");
    let missing: Vec<String> = interpolated_names(&compose)
        .into_iter()
        .filter(|name| {
            !example.lines().any(|line| {
                line.trim_start_matches(['#', ' '])
                    .starts_with(&format!("{name}="))
            })
        })
        .collect();
    assert!(
        missing.is_empty(),
        ".env.example lacks what compose.yaml reads: {missing:?}"
    );
}
