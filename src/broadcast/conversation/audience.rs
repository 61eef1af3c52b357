//! Choosing who gets a broadcast: the audience buttons (groups, everyone, a trust, a start-month
//! cohort, a role, a session's people) and the summary a lead confirms.

use super::{BroadcastReports, Broadcasts, broadcast_button};
use crate::broadcast::BroadcastAudience;
use crate::broadcast::press::{AudienceMenu, BroadcastPress};
use crate::chat::ChatError;
use crate::fellows::Role;
use crate::message::{Button, Message, escape};

impl Broadcasts<'_> {
    /// The buttons to choose who gets broadcast `id`: the main list or one of its submenus.
    pub(crate) async fn audience_menu(
        &self,
        id: i64,
        menu: AudienceMenu,
    ) -> Result<Message, ChatError> {
        use BroadcastAudience as To;
        let button = |label: &str, press| broadcast_button(label, id, press);
        let choice = |(label, audience): (String, BroadcastAudience)| {
            broadcast_button(label, id, BroadcastPress::Audience(audience))
        };
        let mut rows: Vec<Vec<Button>> = match menu {
            AudienceMenu::Main => {
                let trusts = self.settings.trusts.iter();
                let trusts = trusts.map(|t| (format!("Fellows at {t}"), To::Trust(t.clone())));
                vec![
                    vec![choice(("📢 Programme groups".into(), To::ProgrammeGroups))],
                    vec![choice((
                        "👥 Every fellow, privately".into(),
                        To::AllFellows,
                    ))],
                    trusts.map(choice).collect(),
                    vec![
                        button(
                            "🗓 By start month",
                            BroadcastPress::Menu(AudienceMenu::Cohort),
                        ),
                        button("🎭 By role", BroadcastPress::Menu(AudienceMenu::Role)),
                    ],
                    vec![button(
                        "📅 People going to a session",
                        BroadcastPress::Menu(AudienceMenu::Session),
                    )],
                ]
            }
            submenu => {
                let choices = self.submenu_choices(submenu).await?;
                let mut rows: Vec<Vec<Button>> =
                    choices.into_iter().map(|c| vec![choice(c)]).collect();
                rows.push(vec![button(
                    "⬅ Back",
                    BroadcastPress::Menu(AudienceMenu::Main),
                )]);
                rows
            }
        };
        rows.push(vec![button("✖ Cancel", BroadcastPress::Cancel)]);
        Ok(
            Message::html(format!("📣 <b>Broadcast #{id}</b>: who should get it?"))
                .with_buttons(rows),
        )
    }

    /// Every audience a lead can choose, in the menus' groups and order: everyone, a trust, a
    /// start month, a role, the people going to one of the next sessions.
    pub async fn audience_choices(
        &self,
    ) -> Result<Vec<(&'static str, Vec<BroadcastAudience>)>, ChatError> {
        let trusts = self.settings.trusts.iter().cloned();
        let mut groups = vec![
            (
                "Everyone",
                vec![
                    BroadcastAudience::ProgrammeGroups,
                    BroadcastAudience::AllFellows,
                ],
            ),
            ("A trust", trusts.map(BroadcastAudience::Trust).collect()),
        ];
        for (name, menu) in [
            ("A start month", AudienceMenu::Cohort),
            ("A role", AudienceMenu::Role),
            ("A session's people", AudienceMenu::Session),
        ] {
            let choices = self.submenu_choices(menu).await?;
            groups.push((name, choices.into_iter().map(|(_, a)| a).collect()));
        }
        groups.retain(|(_, audiences)| !audiences.is_empty());
        Ok(groups)
    }

    /// A submenu's audiences with their labels: the latest start months, the roles, or the
    /// next sessions.
    async fn submenu_choices(
        &self,
        menu: AudienceMenu,
    ) -> Result<Vec<(String, BroadcastAudience)>, ChatError> {
        Ok(match menu {
            AudienceMenu::Cohort => {
                let mut months: Vec<(i32, u32)> = BroadcastReports::new(self)
                    .fellows_in_post()
                    .await?
                    .iter()
                    .map(|f| {
                        use chrono::Datelike;
                        (f.start_date.year(), f.start_date.month())
                    })
                    .collect();
                months.sort_unstable_by(|a, b| b.cmp(a));
                months.dedup();
                months
                    .into_iter()
                    .take(12)
                    .map(|(year, month)| {
                        let audience = BroadcastAudience::Cohort { year, month };
                        (month_name(year, month), audience)
                    })
                    .collect()
            }
            AudienceMenu::Role => Role::ALL
                .into_iter()
                .map(|role| (role.label().to_owned(), BroadcastAudience::Role(role)))
                .collect(),
            AudienceMenu::Session => {
                let sessions = self
                    .store
                    .upcoming_sessions(self.now(), 8, &self.settings.trusts)
                    .await?;
                let zone = self.settings.timezone;
                sessions
                    .iter()
                    .map(|s| {
                        let label = format!(
                            "{} · {}",
                            s.details.title,
                            s.details.starts_at.with_timezone(&zone).format("%-d %b")
                        );
                        (label, BroadcastAudience::Session(s.id))
                    })
                    .collect()
            }
            AudienceMenu::Main => Vec::new(),
        })
    }

    /// What a lead confirms: the audience, how many it reaches, and the buttons to send.
    pub(crate) async fn broadcast_summary(
        &self,
        id: i64,
        audience: &BroadcastAudience,
        pin: bool,
    ) -> Result<Message, ChatError> {
        let recipients = BroadcastReports::new(self)
            .broadcast_recipients(audience)
            .await?;
        let unreachable = recipients.iter().filter(|r| !r.reachable).count();
        let label = BroadcastReports::new(self).audience_label(audience).await?;
        let mut text = format!(
            "📣 <b>Broadcast #{id}</b>\nTo: <b>{}</b> — {}",
            escape(&label),
            if audience.is_groups() {
                crate::chat::texts::count(recipients.len(), "group", "groups")
            } else {
                crate::chat::texts::count(recipients.len(), "person", "people")
            }
        );
        if unreachable > 0 {
            text.push_str(&format!(
                "\n{unreachable} of them can't be reached by me (they blocked me or never started me); the report will name them."
            ));
        }
        let button = |label: &str, press| broadcast_button(label, id, press);
        let mut rows = Vec::new();
        if recipients.is_empty() {
            text.push_str("\n\nNobody to send to. Choose another audience.");
        } else {
            text.push_str(
                "\n\nThe preview above is what they'll get. Send it now, or choose a time.",
            );
            rows.push(vec![
                button("✅ Send now", BroadcastPress::Now),
                button("🕘 Send later", BroadcastPress::Later),
            ]);
        }
        if audience.is_groups() {
            let (label, flag) = if pin {
                ("📌 Pin in the groups: on", false)
            } else {
                ("📌 Pin in the groups: off", true)
            };
            rows.push(vec![button(label, BroadcastPress::Pin(flag))]);
        }
        rows.push(vec![
            button(
                "⬅ Change audience",
                BroadcastPress::Menu(AudienceMenu::Main),
            ),
            button("✖ Cancel", BroadcastPress::Cancel),
        ]);
        Ok(Message::html(text).with_buttons(rows))
    }
}

/// "August 2026".
pub(crate) fn month_name(year: i32, month: u32) -> String {
    chrono::NaiveDate::from_ymd_opt(year, month, 1).map_or_else(
        || format!("{year}-{month:02}"),
        |d| d.format("%B %Y").to_string(),
    )
}
