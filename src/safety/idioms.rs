//! Everyday phrases that borrow the words of danger: "dying to know", "my phone died",
//! "this rota is killing me". They are taken out before the triage reads the rest, so
//! "the rota is killing me and I want to die" is still a crisis.

use std::sync::LazyLock;

use super::patterns::Patterns;

static IDIOMS: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        // Dying to, dying for, dying of boredom.
        r"(?:dying|die|died|dead|dies) (?:to|for) (?:a |an |some |the )?(?:know|see|try|get|hear|meet|go|eat|have|find|visit|start|tell|read|watch|ask|learn|curry|biryani|coffee|tea|chai|food|cup|pizza|burger|holiday|break|sleep|nap|weekend|rest|drink|beer|jollof|shawarma|kebab|proper|nice|good|home|decent|real)",
        r"(?:die|died|dying|dead) (?:of|from|with) (?:boredom|embarrassment|shame|curiosity|laughter|laughing|hunger|thirst|heat|cold|tiredness|exhaustion|cringe|envy|jealousy)",
        r"(?:died|dying|die|dead) (?:laughing|of laughter)|(?:nearly|almost) (?:died|die) (?:\S+ ){0,3}(?:laughing|laughter|when|at|of|from|because)",
        r"(?:is|was|are|were|food|view|views|curry|biryani|cake|dish|dishes|place|restaurant|coffee|chocolate|jollof|shawarma) (?:\S+ )?to die for|do or die|dead (?:tired|beat|exhausted|on my feet|easy|serious|end|ends|line|lines|set on|against|bored|busy|slow|quiet|good|heavy|cheap|expensive|late|sure|certain|right|funny|simple|centre|center|quiet)|deadline\w*|dead (?:battery|phone|laptop|zone)|over my dead body|drop dead gorgeous|dead in the water",
        // Things that die or are dead: phones, batteries, trains.
        r"(?:phone|mobile|laptop|battery|batteries|computer|pc|charger|printer|bleep|pager|car|engine|wifi|internet|sim|screen|tablet|ipad|iphone|android|app|account|keyboard|mouse|plant|plants|conversation|chat|group|bus service|trains|train|social life|nightlife|radio|fridge|heater|boiler|tv|headphones|earphones|watch|torch|signal|network|buses)(?: \S+){0,2} (?:is |are |was |were |has |have |just |went |keeps |kept |always )*(?:dead|died|dying|die)",
        // Killing it, killing me (said of things), killing time.
        r"(?:rota|rotas|job|work|shift|shifts|nights|night shifts|on calls|oncalls|exam|exams|commute|deadline|deadlines|feet|back|legs|head|neck|knees|heat|cold|traffic|paperwork|wait|waiting|queue|rent|prices|price|bills|council tax|weather|rain|studying|revision|mrcp|plab|paces|boredom|suspense|jet lag|jetlag|homesickness|cost|costs|tax|noise|hunger|snoring|teething|tooth|toothache|headache|migraine) (?:\S+ ){0,2}(?:is|are|was|were|will be|has been|have been|will|going to|gonna|keeps|kept)? ?(?:killing|kill|killed|murdering|murder) (?:me|us)",
        r"(?:this|that|it|it all|everything|these|those) (?:is|are|was|will be|has been|keeps) (?:literally |actually |honestly |slowly )?killing (?:me|us)",
        r"(?:killing|killed|kill|smash|smashing|smashed|nailing|nailed|crushing|crushed|slaying|slay|slayed) it|kill (?:time|the time|some time|the lights|two birds|the vibe|the mood)|killing time|killer (?:app|deal|deals|price|view|views|instinct|headache|question|exam)|(?:could|would|i would|i will) (?:kill|murder|die) for (?:a|an|some)|(?:murder|kill) (?:a|an) (?:curry|biryani|pizza|coffee|burger|kebab|pint|tea|chai)|(?:my )?(?:mum|mom|mother|dad|father|boss|consultant|supervisor|parents|family) (?:\S+ ){0,2}(?:will|would|is going to|gonna) (?:kill|murder) me (?:if|when|for)",
        r"(?:feet|back|legs|head|neck|knees|shoes) (?:are |is )?killing me",
        // Other borrowed words.
        r"shoot (?:me|us) (?:a|an|the|your)|shot (?:of|at) (?:a|the)|give it a shot|long shot|big shot|heart attack (?:prices|price|moment|levels)|(?:gave|give|giving) me a heart attack|(?:almost|nearly) had a heart attack|fire (?:away|drill|drills|alarm test|alarm tests|safety|warden|wardens|marshal|training|exit|exits|door|doors|extinguisher|extinguishers|risk assessment|certificate|regulations)|fired (?:from|me|him|her)|get fired|getting fired|crash course|crash pad|crash at (?:a|my|his|her|their|our) (?:friend|mate|place|house|flat)|overdosed? on (?:\S+ )?(?:chai|tea|coffee|caffeine|sugar|chocolate|sweets|carbs|netflix|tv|work|biryani|curry|food|jollof|rice|naan|energy drinks|red bull|series|memes|cake)|crashed (?:at|on) (?:a|my|his|her)|(?:app|laptop|computer|system|website|ehr|pc|server|it system|portal|phone) (?:\S+ )?(?:crashed|crashes|crashing|keeps crashing)|bleeding (?:money|cash|me dry)|break a leg|breaking news|broke (?:up|down in tears)|(?:i am|im|totally|so|completely|flat) broke|drowning in (?:work|paperwork|emails|debt|admin|assignments|bills|tasks)|choke (?:on|up)|choked up|stroke of (?:luck|genius)|(?:strokes|stroke) (?:unit|ward|rota|rotation|teaching|team|bleep|course|service|nurse|consultant|registrar|medicine)|(?:suicide|kamikaze) (?:squad|mission) (?:movie|film)|fitting (?:in|room|rooms)|fits (?:in|well)|pain in the (?:neck|backside|ass|bum)|no pain no gain|bored to death|scared to death|sick to death|worked to death|to death of|(?:love|loved|loving) (?:it|this|you) to death|dead on time|knocked out (?:by|after|from) (?:the|a|my) (?:\S+ )?(?:shift|night|day|week|jet lag)|out cold",
        r"(?:where|area|areas|place|places|somewhere|city|town|part|parts|neighbourhood|neighbourhoods|location|flat|flats|house|houses|room|accommodation|cheap|cheaper|nice|nicer|safe|safer|good|better|best|affordable|expensive|decent) (?:\S+ ){0,2}to live",
        r"(?:noone|nobody|none of us|no body|no people|no one) (?:\S+ ){0,2}(?:hurt|injured|injuries)|(?:no|without) (?:\S+ )?(?:injuries|injury)|minor (?:car )?(?:accident|crash|bump|collision|scrape)|drowning in (?:\S+ ){0,2}(?:work|paperwork|emails|debt|admin|tasks|bills|jobs|notes|letters|referrals|discharges|summaries|forms|stuff|things|patients|learning|assignments|reading|revision|tickets)|carbon monoxide (?:alarm|alarms|detector|detectors) (?:\S+ ){0,3}(?:required|law|legal|landlord|need|needed|fit|fitted|install|installed|check|test|buy)",
        r"seizure free|seizures free|no seizures|(?:last|my last) seizure|seizures? (?:for|in) (?:\S+ )?(?:years|months)|suicide squad|suicide mission|suicide (?:\S+ )?(?:film|movie|song|episode)|dead (?:broke|worried|nervous|excited|chuffed|proud|lucky|keen|jealous|hungry|cold|hot)|(?:going to|gonna|will|would|could|i will|i would) (?:literally |actually |just |probably )?die (?:if i have to|if i do|if i eat|if i see|of|from|laughing|waiting|before i get|without (?:coffee|tea|food|sleep|chai|my))",
        r"(?:ward|shift|day|team|group|chat|department|ed|clinic|rota|list|inbox) (?:was|is|has been) (?:literally )?on fire|(?:would|i would|id) (?:much )?rather die than|(?:will be|is going to be|be|was) the death of me|heart (?:stopped|skipped|sank) (?:a beat )?when|(?:morrendo|muerta|muerto|morta|morto) de (?:saudade|cansancio|cansaco|fome|sono|risa|rir|vergonha|verguenza)|disappear (?:into|under|for|to|off to) (?:the |my |a )?(?:\S+ )?(?:countryside|duvet|bed|weekend|week|holiday|mountains|hills|hiking|beach|woods|peak district)|(?:printer|computer|laptop|rota|job|shift|exam|heat|weather|boss|consultant|registrar|ward|bleep|commute|traffic|it|this|that|system|epr|website|app) (?:is )?(?:trying to|going to|gonna|will) (?:kill|murder) (?:me|us)|(?:i am|im|were|we are) (?:so |soo |sooo |totally |literally |actually )?dead (?:lol|haha|forgot|i forgot|because|cos|when|if|the|my|after)|(?:write|writing|wrote|make|making|made) a will (?:because|since|as|for|in)|will writing|free will|make a will in|need to make a will|(?:do|should) i (?:need to )?(?:make|write|have) a will|cut throat|cutthroat|(?:smoke|fire|co|carbon monoxide) (?:alarm|detector) (?:\S+ ){0,4}(?:chirp\w*|beep\w* every|low battery|battery is low|battery low|needs a battery|new battery)|(?:set off|triggered|setting off|set|sets off) (?:\S+ )?(?:smoke|fire) alarm|(?:burnt|burned|burning|burn) (?:my |the |some )?(?:toast|food|dinner|rice|pan|chapati|roti|popcorn|onions)|(?:smoke|fire) alarm (?:\S+ ){0,3}(?:test|testing|tested|drill|went off because|toast|cooking)|(?:need|have|get|buy|install|fit|fitted|required|requirement|rules|must|provide|landlord) (?:\S+ ){0,4}(?:carbon monoxide|co|smoke|fire|gas) (?:alarm|alarms|detector|detectors|safety|certificate|check)",
        r"death in service|death certificate|death benefit|death grant|cause of death|time of death|verif\w* (?:of )?(?:a |the )?death|death verification|confirm\w* (?:a |the )?death|brain death|death cafe",
        r"emergency (?:tax code|tax|leave|dentist|dental|contact|contacts|contraception|appointment|appointments|passport|visa|travel document|department|dept|medicine|medicines|physician|consultant|rota|on call|oncall|cover|shift|bleep)|emergency department|(?:cardiac arrest|arrest|crash|resus|trauma|emergency) (?:team|call|calls|bleep|trolley|training|simulation|sim|drill|rota)",
    ])
});

/// The normalised text with the everyday idioms taken out.
pub fn without_idioms(text: &str) -> String {
    IDIOMS.remove_from(text)
}

#[cfg(test)]
mod tests {
    use super::super::normalise::normalise;
    use super::*;

    fn plain(text: &str) -> String {
        without_idioms(&normalise(text))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn idioms_are_taken_out() {
        for (message, left) in [
            (
                "I'm dying to know when the rota comes out",
                "i am when the rota comes out",
            ),
            ("my phone died", "my"),
            ("this rota is killing me", "this"),
            ("killing it at work", "at work"),
            (
                "where is the best area to live near new cross",
                "where is the near new cross",
            ),
        ] {
            assert_eq!(plain(message), left, "{message}");
        }
    }

    #[test]
    fn what_follows_an_idiom_is_kept() {
        assert!(plain("the rota is killing me and i want to die").ends_with("and i want to die"));
    }
}
