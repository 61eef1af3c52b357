//! What the bot says when a message is a crisis or an emergency, or asks for clinical advice:
//! short, warm, no judgement, no counselling; the numbers first. Facts from the fact sheet's
//! safety signposts (checked 30 November 2026).

use super::EmergencyKind;
use crate::message::{Button, Message, escape};

/// The crisis signposts in full, with the button that asks a pastoral lead to get in touch.
pub fn crisis_message() -> Message {
    Message::html(
        "💙 <b>You are not alone, and help is there right now.</b>\n\n\
         Talk to someone now, free, day or night:\n\
         • <b>NHS 111</b> and choose the <b>mental health</b> option\n\
         • <b>Samaritans</b>: call <b>116 123</b>\n\
         • <b>Shout</b>: text <b>SHOUT</b> to <b>85258</b>\n\n\
         If you have hurt yourself or you are in danger now, call <b>999</b> or go to A&amp;E.\n\n\
         <b>Support for doctors</b>\n\
         • Your trust's employee assistance programme and occupational health: confidential \
         (ask the programme team for the numbers)\n\
         • BMA wellbeing support line: <b>0330 123 1245</b>, 24/7, free for every doctor\n\
         • NHS Practitioner Health: 0300 0303 300 (their website says who can refer themselves)\n\n\
         A pastoral lead from the programme can contact you too. They will see your name, \
         not what you wrote.",
    )
    .with_buttons(vec![vec![Button::press(
        "🤝 Ask a pastoral lead to contact me",
        crate::safety::ContactMe,
    )]])
}

/// The short crisis signposts for a group: the person spoke there, so they are answered there.
pub fn crisis_in_group(first_name: &str, sent_privately: bool) -> Message {
    let more = if sent_privately {
        "I've sent you more in our private chat."
    } else {
        "Message me privately for more support."
    };
    Message::html(format!(
        "💙 {}, you are not alone. Free, any time: <b>Samaritans 116 123</b>, text <b>SHOUT</b> to \
         <b>85258</b>, or <b>NHS 111</b> (mental health option). In danger now: <b>999</b>. {more}",
        escape(first_name)
    ))
}

/// "Call 999" first, then what differs for this emergency.
pub fn emergency_message(kind: EmergencyKind) -> Message {
    let specific = match kind {
        EmergencyKind::DangerToLife => "",
        EmergencyKind::Gas => {
            "\n\n<b>Gas:</b> leave the building now, don't use switches or flames, and call the \
             National Gas Emergency Service on <b>0800 111 999</b> (24/7)."
        }
        EmergencyKind::DomesticAbuse => {
            "\n\nIf you call 999 and can't speak, stay on the line; on a mobile, press <b>55</b> \
             when asked (the Silent Solution). National Domestic Abuse Helpline: \
             <b>0808 2000 247</b> (free, 24/7)."
        }
        EmergencyKind::Poisoning => {
            "\n\nIf they are not breathing, unconscious or fitting: <b>999</b>. If not, call \
             <b>NHS 111</b> now for advice. Keep the packet or bottle to show."
        }
    };
    Message::html(format!(
        "🚨 <b>If someone is in danger right now, call 999.</b>\n\
         In the hospital, call the emergency team on <b>2222</b> from an internal phone \
         (check your hospital's number at induction).{specific}\n\n\
         I am a bot and can't help in an emergency. For urgent advice that is not \
         life-threatening, call NHS 111."
    ))
}

/// What the bot says when asked for clinical advice.
pub fn clinical_message() -> Message {
    Message::html(
        "I can't advise on patient care: doses, management or results.\n\n\
         Please ask your senior or the on-call team, and follow your trust's local guidelines. \
         If a patient is getting worse, escalate now. In an emergency, call the emergency team.",
    )
}

/// What the pastoral leads get when a fellow asks to be contacted: who, never what they wrote.
pub fn contact_request_for_leads(
    name: &str,
    username: Option<&str>,
    trust: Option<&str>,
) -> Message {
    let handle = username.map_or_else(String::new, |u| format!(" (@{})", escape(u)));
    let trust = trust.map_or_else(String::new, |t| format!(", {}", escape(t)));
    Message::html(format!(
        "🤝 <b>{}{handle}{trust}</b> asked for a pastoral lead to contact them. \
         Please get in touch today. (The bot does not keep or pass on what they wrote.)",
        escape(name)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crisis_message_puts_the_numbers_first_and_offers_a_lead() {
        let message = crisis_message();
        let samaritans = message.html.find("116 123").unwrap();
        assert!(message.html.find("You are not alone").unwrap() < samaritans);
        assert!(samaritans < message.html.find("Support for doctors").unwrap());
        assert!(message.html.contains("85258") && message.html.contains("999"));
        assert_eq!(message.buttons.len(), 1);
    }

    #[test]
    fn every_emergency_starts_with_999() {
        for kind in [
            EmergencyKind::DangerToLife,
            EmergencyKind::Gas,
            EmergencyKind::DomesticAbuse,
            EmergencyKind::Poisoning,
        ] {
            assert!(
                emergency_message(kind)
                    .html
                    .starts_with("🚨 <b>If someone is in danger right now, call 999")
            );
        }
        assert!(
            emergency_message(EmergencyKind::Gas)
                .html
                .contains("0800 111 999")
        );
        assert!(
            emergency_message(EmergencyKind::DomesticAbuse)
                .html
                .contains("0808 2000 247")
        );
    }
}
