//! Choosing who gets a broadcast: the audience buttons (groups, everyone, a trust, a start-month
//! cohort, a role, a session's people) and the summary a lead confirms.

use super::{Assistant, AudienceMenu, Button, ChatError, Message, escape};
use crate::broadcast::BroadcastAudience;
use crate::fellows::Role;

impl Assistant {
    /// The buttons to choose who gets broadcast `id`: the main list or one of its submenus.
    pub(super) async fn audience_menu(
        &self,
        id: i64,
        menu: AudienceMenu,
    ) -> Result<Message, ChatError> {
        let choice = |label: String, audience: BroadcastAudience| {
            Button::callback(label, format!("bc:aud:{id}:{}", audience.to_key()))
        };
        let back = vec![Button::callback("⬅ Back", format!("bc:menu:{id}:main"))];
        let mut rows: Vec<Vec<Button>> = match menu {
            AudienceMenu::Cohort => {
                let mut months: Vec<(i32, u32)> = self
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
                let mut rows: Vec<Vec<Button>> = months
                    .into_iter()
                    .take(12)
                    .map(|(year, month)| {
                        let audience = BroadcastAudience::Cohort { year, month };
                        vec![choice(month_name(year, month), audience)]
                    })
                    .collect();
                rows.push(back);
                rows
            }
            AudienceMenu::Role => {
                let mut rows: Vec<Vec<Button>> = Role::ALL
                    .into_iter()
                    .map(|role| {
                        vec![choice(
                            role.label().to_owned(),
                            BroadcastAudience::Role(role),
                        )]
                    })
                    .collect();
                rows.push(back);
                rows
            }
            AudienceMenu::Session => {
                let sessions = self
                    .store
                    .upcoming_sessions(self.now(), 8, &self.settings.trusts)
                    .await?;
                let zone = self.settings.timezone;
                let mut rows: Vec<Vec<Button>> = sessions
                    .iter()
                    .map(|s| {
                        let label = format!(
                            "{} · {}",
                            s.details.title,
                            s.details.starts_at.with_timezone(&zone).format("%-d %b")
                        );
                        vec![choice(label, BroadcastAudience::Session(s.id))]
                    })
                    .collect();
                rows.push(back);
                rows
            }
            AudienceMenu::Main => {
                let mut rows = vec![
                    vec![choice(
                        "📢 Programme groups".into(),
                        BroadcastAudience::ProgrammeGroups,
                    )],
                    vec![choice(
                        "👥 Every fellow, privately".into(),
                        BroadcastAudience::AllFellows,
                    )],
                ];
                rows.push(
                    self.settings
                        .trusts
                        .iter()
                        .map(|t| {
                            choice(
                                format!("Fellows at {t}"),
                                BroadcastAudience::Trust(t.clone()),
                            )
                        })
                        .collect(),
                );
                rows.push(vec![
                    Button::callback("🗓 By start month", format!("bc:menu:{id}:cohort")),
                    Button::callback("🎭 By role", format!("bc:menu:{id}:role")),
                ]);
                rows.push(vec![Button::callback(
                    "📅 People going to a session",
                    format!("bc:menu:{id}:session"),
                )]);
                rows
            }
        };
        rows.push(vec![Button::callback("✖ Cancel", format!("bc:x:{id}"))]);
        Ok(
            Message::html(format!("📣 <b>Broadcast #{id}</b>: who should get it?"))
                .with_buttons(rows),
        )
    }

    /// What a lead confirms: the audience, how many it reaches, and the buttons to send.
    pub(super) async fn broadcast_summary(
        &self,
        id: i64,
        audience: &BroadcastAudience,
        pin: bool,
    ) -> Result<Message, ChatError> {
        let recipients = self.broadcast_recipients(audience).await?;
        let unreachable = recipients.iter().filter(|r| !r.reachable).count();
        let label = self.audience_label(audience).await?;
        let mut text = format!(
            "📣 <b>Broadcast #{id}</b>\nTo: <b>{}</b> — {} {}",
            escape(&label),
            recipients.len(),
            if audience.is_groups() {
                "group(s)"
            } else {
                "people"
            }
        );
        if unreachable > 0 {
            text.push_str(&format!(
                "\n{unreachable} of them can't be reached by me (they blocked me or never started me); the report will name them."
            ));
        }
        let mut rows = Vec::new();
        if recipients.is_empty() {
            text.push_str("\n\nNobody to send to. Choose another audience.");
        } else {
            text.push_str(
                "\n\nThe preview above is what they'll get. Send it now, or choose a time.",
            );
            rows.push(vec![
                Button::callback("✅ Send now", format!("bc:now:{id}")),
                Button::callback("🕘 Send later", format!("bc:later:{id}")),
            ]);
        }
        if audience.is_groups() {
            let (label, flag) = if pin {
                ("📌 Pin in the groups: on", 0)
            } else {
                ("📌 Pin in the groups: off", 1)
            };
            rows.push(vec![Button::callback(label, format!("bc:pin:{id}:{flag}"))]);
        }
        rows.push(vec![
            Button::callback("⬅ Change audience", format!("bc:menu:{id}:main")),
            Button::callback("✖ Cancel", format!("bc:x:{id}")),
        ]);
        Ok(Message::html(text).with_buttons(rows))
    }
}

/// "August 2026".
pub(super) fn month_name(year: i32, month: u32) -> String {
    chrono::NaiveDate::from_ymd_opt(year, month, 1).map_or_else(
        || format!("{year}-{month:02}"),
        |d| d.format("%B %Y").to_string(),
    )
}
