//! Danger to life now: collapse, not breathing, fire, gas, violence or a break-in, bleeding,
//! chest pain, poisoning, a crash with people hurt, domestic abuse with fear for safety.

use std::sync::LazyLock;

use super::patterns::Patterns;

/// Which emergency, where the help differs (a gas leak has its own number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EmergencyKind {
    /// Call 999 (and 2222 in the hospital).
    DangerToLife,
    /// A smell of gas or a leak: the gas emergency number and leave the building.
    Gas,
    /// Someone at home is hurting or threatening them.
    DomesticAbuse,
    /// Someone swallowed or drank something harmful.
    Poisoning,
}

static GAS: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"(?:smell|smells|smelling|smelt|smelled|stink|stinks|odour|odor|reek|reeks) (?:\S+ ){0,3}(?:gas|gassy|of gas)|gas (?:leak|leaking|smell|is leaking|escape)|leaking gas|carbon monoxide|(?:gas|co|carbon monoxide) (?:alarm|detector) (?:\S+ )?(?:going off|beeping|is on|sounding|went off|keeps going off)",
    ])
});

static DOMESTIC_ABUSE: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"(?:husband|wife|partner|boyfriend|girlfriend|fiance|ex|father in law|mother in law|brother in law|in laws|landlord|flatmate|housemate|he|she|they|family) (?:\S+ ){0,3}(?:hit|hits|hitting|beat|beats|beating|beaten|punch|punched|punching|kick|kicked|kicking|slap|slapped|slapping|strangle|strangled|strangling|choke|choked|choking|hurt|hurts|hurting|attack|attacked|attacking|abuse|abused|abusing|threaten|threatens|threatened|threatening|pushed|shoved|grabbed|dragged) (?:me|us|the kids|the children|the baby|my (?:wife|son|daughter|kids|children|baby|mum|mother|sister))|locks? me (?:in|out)|locked me (?:in|out)",
        r"(?:he|she|they|husband|wife|partner|boyfriend|girlfriend) (?:is|are|was|keeps|started) (?:\S+ )?(?:smashing|breaking|throwing|destroying) (?:everything|things|stuff|the house|the flat|plates|furniture)|(?:hiding|hide|hid|locked myself) (?:\S+ ){0,3}(?:bathroom|toilet|bedroom|room|cupboard|wardrobe|car) (?:\S+ ){0,6}(?:he|she|they|scared|afraid|terrified)|(?:he|she|they) (?:\S+ ){0,6}(?:i am|we are|i m) (?:so |very |really )?(?:scared|terrified|afraid|frightened)",
        r"(?:will|going to|gonna|is going to|said he will|said she will|says he will|says she will|threatened to|threatens to|wants to|tried to|trying to) (?:\S+ )?(?:kill|hurt|beat|stab|strangle|murder|burn) (?:me|us|my|the kids|the children|the baby)",
        r"(?:scared|afraid|frightened|terrified|fear|fearing|fearful) (?:of|for) (?:my life|my safety|our lives|our safety|my (?:husband|wife|partner|boyfriend|girlfriend|ex|in laws))|(?:scared|afraid|frightened|terrified) (?:that )?(?:he|she|they) (?:will|is going to|are going to|might|may) (?:\S+ )?(?:hurt|kill|hit|beat|attack)|(?:not|do not feel|dont feel) safe (?:at home|in my (?:home|house|flat))|(?:experiencing|suffering|victim of|going through|facing|living with|escape|escaping|leave|leaving|help with) (?:\S+ )?(?:domestic|dv) (?:abuse|violence)|(?:domestic|dv) (?:abuse|violence) (?:at home|from my|by my)",
    ])
});

static POISONING: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"(?:swallowed|swallow|drank|drunk|ate|eaten|licked|chewed|ingested|consumed|got into) (?:\S+ ){0,4}(?:bleach|poison|chemical|chemicals|detergent|cleaner|cleaning|washing|dishwasher|tablet|tablets|pills|battery|batteries|magnets|antifreeze|weed killer|rat poison|paint|white spirit|petrol|kerosene|paraffin|capsule|capsules|wild mushrooms|medicine|medication|drain|disinfectant|dettol|pods|methanol|fertiliser|e liquid|vape liquid)",
        r"(?:son|daughter|child|baby|toddler|kid|boy|girl|grandson|granddaughter|nephew|niece) (?:\S+ ){0,3}(?:swallowed|drank|drunk|ate|eaten|got into|chewed|licked|has taken|took)|(?:swallowed|ate|drank|eaten) (?:some|a|the|all|my|his|her) (?:\S+ ){0,3}(?:methadone|drugs|cannabis|edibles|vape|e cigarette|iron tablets|batteries|magnets)",
        r"(?:has|have|had|just|she|he|they) (?:\S+ )?(?:taken|took|swallowed) (?:\S+ ){0,3}(?:\d+|all|lots|loads|a lot|too many|handful|whole|bottle|box|pack|packet|overdose)",
        r"poisoned|poisoning|poison (?:control|centre)|(?:overdose|overdosed|taken an overdose)",
    ])
});

/// Someone at risk of dying now.
static DANGER_TO_LIFE: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        // Breathing, consciousness, the heart.
        r"(?:not|isnt|is not|stopped|stop|stops|no|cannot|can not|cant|hardly|barely|difficulty|struggling|struggle|trouble|unable|fighting|gasping|problem|problems) (?:\S+ )?(?:breathing|breathe|breath|to breathe)",
        r"(?:turning|turned|going|gone) (?:\S+ )?(?:blue|grey|gray|purple)|(?:lips|face|skin|fingers|fingertips) (?:\S+ ){0,2}(?:blue|grey|gray|purple)|blue lips|lips (?:are )?(?:\S+ )?blue",
        r"(?:severe |bad |serious )?asthma attack|inhaler (?:is not|isnt|not|does not|doesnt) (?:working|helping)|cannot (?:catch|get) (?:his|her|my|their) breath|choking|choked|something stuck in (?:his|her|their|my) throat|(?:throat|tongue|face|lips) (?:is |are |feels |feel |getting |keeps )?(?:\S+ )?(?:swelling|swollen|closing|tight|tightening)|anaphyla\w*|allergic reaction|epipen|epi pen",
        r"unconscious|unresponsive|not responding|not responsive|no response|passed out|blacked out|fainted|collapsed|collapse|collapsing|fell (?:down )?and (?:is not|will not|cannot|not|hit)|(?:cannot|can not|cant|wont) wake (?:him|her|them)|not moving|no pulse|heart stopped|cardiac arrest|stopped breathing",
        r"(?:he|she|they|baby|child|son|daughter|husband|wife|partner|friend|flatmate|roommate|housemate|mum|mom|dad|neighbour|colleague) (?:\S+ ){0,2}(?:will not|wont|is not|isnt|not|does not|doesnt|cannot|can not) (?:wake|waking|respond|responding)|(?:cannot|could not|couldnt|unable to|not able to) (?:wake|rouse|get a response from) (?:him|her|them|my (?:\S+ )?\S+|the \S+|\S+ up)|(?:cold|grey|gray|blue|pale) and (?:grey|gray|blue|not breathing|stiff|unresponsive|not moving|clammy)|confused (?:\S+ ){0,3}(?:sweaty|sweating|clammy)|(?:sweaty|sweating|clammy) (?:and )?confused|cannot swallow|(?:hypo|hypoglycaemic|hypoglycemic) (?:and )?(?:confused|unconscious|not responding|fitting|drowsy)",
        r"seizure|seizures|seizing|(?:is|are|was|started|keeps|been|he is|she is|and|now|still) fitting|(?:had|having|has) a (?:febrile )?fit|febrile (?:fit|convulsion|seizure)|convulsing|convulsions|not coming round|(?:will not|wont|did not|didnt|has not|hasnt) come round",
        r"(?:having|is having|signs of|symptoms of|think (?:\S+ ){0,3}(?:had|having|has)) (?:a )?stroke|face (?:is )?(?:\S+ )?(?:drooping|droopy|dropped|dropping|droop)|slurred|slurring|cannot (?:move|lift|feel) (?:his|her|their|my) (?:arm|leg|side)|one side (?:\S+ )?(?:weak|numb|paralysed)|sudden (?:\S+ )?(?:weakness|numbness|confusion|loss of vision|blindness|severe headache|worst headache)|worst headache (?:of|in) (?:my|his|her) life|cannot (?:get|find|say) (?:my|his|her|the) words|words (?:are |come |coming )?(?:out )?(?:wrong|jumbled|slurred|muddled)|(?:weakness|numb|numbness|weak) (?:in|on|down) (?:my|his|her|the) (?:left|right|one)? ?(?:arm|leg|face|side)",
        r"heart attack|chest (?:pain|pains|tightness|pressure|is tight|crushing|hurts|is hurting|discomfort)|clutching (?:his|her|their|my) (?:chest|heart)|pain (?:\S+ )?(?:in|across|on) (?:my|his|her|the) chest|crushing pain|pain (?:\S+ ){0,3}(?:left arm|jaw)",
        // Seizures, falls, stroke, sepsis and a child's red flags, as people describe them.
        r"foaming at the mouth|shaking (?:\S+ ){0,3}(?:on the floor|uncontrollably|and not responding|all over)|(?:eyes|eye) (?:have )?rolled (?:back|up)|jerking (?:\S+ ){0,2}(?:arms|legs|body|on the floor)",
        r"(?:someone|he|she|man|woman|person|they|lady|guy|colleague|friend) (?:just )?(?:dropped|keeled over|went down|fell down|slumped|hit the floor)|(?:burnt|burned|scalded|scalding) (?:\S+ ){0,3}(?:face|chest|hands|arms|body|skin|legs|back)|big blisters|skin (?:is )?(?:peeling|coming off)|chip pan fire|glass test|press(?:ed)? (?:a |the )?glass|(?:does not|doesnt) go away (?:when|with)|(?:fell|fallen|falls|fall) (?:off|from|down|out of) (?:a |the |his |her |their |my )?(?:\S+ )?(?:\S+ )?(?:ladder|roof|stairs|staircase|balcony|window|scaffolding|height|bridge|horse|bike|wall|building|tree|cliff)|(?:cannot|can not|cant) (?:move|feel) (?:his|her|their|my) (?:legs|arms|neck|body|feet)|lying on (?:the|his|her|their|my) (?:floor|ground) (?:\S+ ){0,6}(?:cannot|can not|cant|since|not|unable|confused|cold)|(?:cannot|can not) get up (?:\S+ ){0,6}(?:floor|since|cold|hours)|hit (?:his|her|their|my) head (?:\S+ ){0,6}(?:vomiting|confused|drowsy|unconscious|bleeding|knocked out|not making sense)",
        r"speech (?:has |is )?(?:gone |going |become |suddenly )?(?:funny|strange|weird|slurred|garbled|jumbled|muddled)|(?:cannot|can not|cant) (?:lift|raise|move) (?:his|her|their|my) (?:right |left )?(?:arm|leg|hand)|face (?:has |is )?(?:dropped|gone droopy|drooping|droopy|lopsided|looks lopsided)|(?:cannot|can not) (?:speak|talk) properly (?:\S+ ){0,4}(?:suddenly|arm|face)",
        r"mottled|(?:breathing|breathes|breathe) (?:really |very |so )?(?:fast|quickly|rapidly|shallow|funny)|(?:fever|temperature|shivering|rigors|burning up) (?:\S+ ){0,6}(?:very confused|confused|drowsy|mottled|not passing urine|cold hands|not making sense)|confused (?:\S+ ){0,6}(?:fever|temperature|mottled|burning up)",
        r"(?:very |really |so )?(?:sleepy|drowsy|floppy|lethargic) (?:\S+ ){0,6}(?:hot|fever|not fed|not feeding|swallowed|will not cry|wont cry|not crying|not waking|rash|breathing)|(?:hot|fever|not fed|not feeding|swallowed|will not cry|wont cry|not crying|rash|methadone) (?:\S+ ){0,6}(?:very sleepy|sleepy|drowsy|floppy|lethargic|not waking|hard to wake)|(?:baby|infant|newborn) (?:\S+ ){0,6}(?:not fed|not feeding|floppy|blue|not breathing|will not wake|wont wake|limp|mottled|grunting)|rash (?:that )?(?:does not|doesnt|will not|wont) fade|purple rash|non blanching",
        r"face down in (?:the |a )?(?:\S+ )?(?:water|pond|pool|bath|river|canal|sea)|(?:in|into) the (?:pond|pool|bath|water) (?:\S+ ){0,3}(?:not breathing|face down|under|not moving)",
        r"blood (?:is )?(?:pouring|spurting|gushing|pumping|everywhere|all over)|(?:pressure|bandage|towel|towels) (?:\S+ ){0,3}(?:not stopping|is not stopping|isnt stopping|not working|soaked|not helping)|soaked (?:\S+ ){0,3}(?:in |with )?blood|(?:pregnant|weeks) (?:\S+ ){0,6}(?:bleeding|heavy bleeding|passing clots)|(?:bleeding|clots) (?:\S+ ){0,6}(?:pregnant|weeks pregnant)",
        r"(?:he|she|they|someone|friend|baby|child|son|daughter|husband|wife|partner|colleague|neighbour|mum|dad) (?:is |are )?(?:\S+ )?(?:turning|gone|going|looks) (?:blue|grey|gray|purple)|barely (?:breathing|breathe|conscious|awake)",
        r"(?:freezing|very|so|ice) cold (?:\S+ ){0,6}(?:shivering stopped|stopped shivering|not shivering|barely|confused|muddled|not responding|not making sense|drowsy)|(?:stopped|stops) shivering|shivering (?:has )?stopped|hypothermi\w*|barely (?:talking|responding|making sense)",
        r"(?:sugar|glucose|bm|cbg|blood sugar|sugars) (?:is |of |was |at |reading |level |level is )?(?:0|1|2)(?: \d)? (?:\S+ ){0,6}(?:shaking|confused|cannot think|sweating|sweaty|drowsy|dizzy|and)|(?:hypo|hypoing|low sugar|sugar is low|sugar is very low) (?:\S+ ){0,6}(?:shaking|confused|cannot think|sweating|drowsy|not making sense|fitting|unconscious)",
        r"(?:nose ?bleed|bleeding|bleed) (?:\S+ ){0,8}(?:will not stop|wont stop|not stopping|for \d+ (?:minutes|mins|hours|hrs)|soaked|faint)|soaked (?:\S+ ){0,3}towels?|(?:feel|feeling|felt) (?:very )?faint (?:\S+ ){0,4}(?:blood|bleeding)",
        r"(?:filling|filled|full) (?:up )?(?:with )?smoke|(?:cannot|can not) get (?:downstairs|out|down|outside|past|to the door)|(?:saying|says|said|threatening|threatens|keeps saying) (?:he will|she will|they will|he is going to|she is going to|he is gonna|she is gonna|to) jump|climbing (?:over|onto|on) the (?:railing|railings|edge|wall|barrier|fence|balcony|ledge|parapet)|on the (?:balcony|roof|ledge|bridge|parapet) (?:\S+ ){0,4}(?:jump|saying|threatening|climbing)",
        r"nao acorda|não acorda|caiu e nao|nu respira|a lesinat|lesinat|nu se trezeste|نفس نمیکشه|نفس نمی کشه|بیهوش|degedege|hajapumua|hapumui|kebakaran|asap tebal|nakalunok|hindi humihinga|nawalan ng malay|tidak bernafas|pengsan|behosh|बेहोश|सांस नहीं|बेहोश हो|chehra (?:\S+ ){0,3}latak|latak gaya|bol nahi pa|bima wetila|no respira|se desmayo|se cayo|ayuda|auxilio|nao respira|socorro|не дихає|не дышит|впала|впав|допоможіть|помогите|بلع|مش بيرد|ما بيتنفس|مش بيتنفس|الحقوني|ma neefsanayo|wuu dhacay|caawimaad|bachao|saans nahi|sans nahi|behosh|বাঁচাও|শ্বাস নিচ্ছে না",
        // Bleeding and injury.
        r"bleeding (?:\S+ )?(?:heavily|a lot|lots|badly|everywhere|profusely|non stop|nonstop|will not stop|wont stop|not stopping|from (?:his|her|their|my) (?:head|neck|chest))|(?:lot|lots|pool|loads) of blood|blood everywhere|cannot stop (?:the )?bleeding|will not stop bleeding|losing (?:a lot of )?blood|deep (?:cut|wound)|stabbed|stabbing|stab wound|been shot|gunshot|shot (?:him|her|me|someone)|severe burn|badly burn(?:ed|t)|head injury|hit (?:his|her|their) head|fell from|fallen from",
        // Fire.
        r"fire (?:in|at|on) (?:my|the|our|his|her|a) (?:\S+ )?(?:flat|house|home|room|kitchen|building|floor|car|ward|block|bedroom|stairs|hallway|corridor)|(?:on|caught|catch|catches|catching) fire|(?:there is|there s|theres) (?:a )?fire|(?:house|flat|building|kitchen|room|car|home) (?:\S+ )?(?:is )?(?:burning|on fire|in flames)|flames|(?:smoke|smoky) (?:\S+ ){0,3}(?:coming|everywhere|filling|in the|from|under|pouring|cannot see|cant see|cant get out|cannot get out)|(?:full of|lot of|lots of|thick) smoke|(?:trapped|stuck) (?:\S+ ){0,3}(?:fire|smoke|flat|building|lift|room)|(?:cannot|can not|cant) get out (?:of )?(?:the |my |our )?(?:flat|house|building|room|car|fire|smoke|window|door|lift)",
        // Violence and intruders now.
        r"(?:break|breaking|broke|broken|breaks) (?:\S+ )?in(?:to)? (?:\S+ ){0,2}(?:right now|now|house|flat|home|room|car|door|window)|(?:trying|try|tries|tried) to (?:get|break|come|force) (?:\S+ )?in|(?:trying|tried|tries|rattling|testing) (?:the|my|our) (?:\S+ )?(?:door|doors|window|windows|handle|lock)|(?:force|forcing|forced|kick|kicking|kicked|bang|banging|smash|smashing|break|breaking) (?:open )?(?:my|the|our) (?:\S+ )?(?:door|window|gate)|followed me (?:home|to my|from|into)|(?:someone|man|men|stranger|people|person|guy) (?:is |are )?(?:\S+ ){0,2}(?:in|inside) (?:my|our|the) (?:garden|house|flat|home|room|kitchen|building|stairwell|hallway)|intruders?|burglars?|someone (?:\S+ ){0,2}(?:in|inside) my (?:house|flat|room|home)|(?:man|men|someone|people|person|guy|stranger|strangers|gang) (?:\S+ ){0,3}(?:outside|at|banging on|kicking|breaking) (?:\S+ )?(?:my |the )?(?:door|window)",
        r"(?:attacking|attacked|assaulting|assaulted|mugged|mugging|robbed|robbing|threatening|threatened|following|chasing|stalking|beating|punching|kicking|strangling|hitting|stabbing|shooting at) (?:me|us|him|her|someone|a man|a woman|people|my (?:friend|wife|husband|colleague|child|son|daughter|neighbour|flatmate))",
        r"(?:with|has|had|holding|pulled|pulling|waving|carrying|got|brandishing|armed with) (?:\S+ ){0,2}(?:knife|gun|machete|weapon|blade|axe)|(?:knife|gun|machete|weapon|blade) (?:to|at|against) (?:my|his|her|me|him|the)|(?:swinging|waving|throwing|brandishing) (?:a |the |his |her )?(?:chair|chairs|bottle|bat|stick|knife|weapon|glass|bottles)|(?:has|with|holding|carrying|got) (?:a |an )?(?:broken bottle|bat|baseball bat|hammer|axe|crowbar|machete|screwdriver)|(?:there is|theres) a (?:\S+ )?fight|fight (?:\S+ ){0,2}(?:broke out|breaking out|is happening|going on|outside|in the)|(?:people|men|they|patients|relatives) (?:are )?fighting",
        r"(?:attacked|attacking|assaulted|assaulting|hit|hitting|punched|punching|stabbed|stabbing|kicked|kicking|beat|beating|strangled|strangling) (?:the|a|an|my|our|his|her) (?:\S+ )?(?:nurse|doctor|staff|colleague|patient|man|woman|person|security|guard|hca|receptionist|paramedic|friend|wife|husband|child|baby|girl|boy)|(?:being|been|getting) (?:\S+ )?(?:dragged|pulled|forced|bundled|attacked|beaten|stabbed|kidnapped|abducted|raped|assaulted|strangled|mugged)",
        r"(?:going to|will|wants to|tried to|trying to|threatened to|threatening to|about to) (?:kill|hurt|murder|stab|shoot|attack) (?:me|us|him|her|them|my|someone|everyone)",
        // Accidents, water, electricity.
        r"(?:someone|people|person|he|she|they|driver|passengers?|child|children) (?:is |are )?(?:trapped|pinned|stuck under)|(?:been|was|got|just|has been|is|are|were) (?:\S+ )?(?:hit|knocked down|knocked over|run over|ran over) by (?:a |the )?(?:car|bus|lorry|van|truck|motorbike|bike|train|tram|taxi)|(?:crash|crashed|collision|accident|hit by (?:a )?(?:car|bus|lorry|van|truck|bike|train)|knocked (?:down|over) by|run over) (?:\S+ ){0,8}(?:hurt|injured|injury|injuries|bleeding|unconscious|trapped|not moving|cannot move|stuck|lying|screaming|broken|crushed|pinned)",
        r"(?:hurt|injured|injury|injuries|bleeding|unconscious|trapped|not moving|lying|screaming|broken|crushed|pinned) (?:\S+ ){0,6}(?:crash|crashed|collision|accident|hit by a|run over)",
        r"drowning|drowned|(?:under|in) the water (?:\S+ ){0,3}(?:not|cannot|cant)|electrocuted|electric shock|shocked by (?:a |the )?(?:wire|socket|cable)",
        r"(?:fell|fallen|jumped|went|gone|slipped|is|are) (?:\S+ )?(?:into|in|through|under) (?:the |a )?(?:river|canal|water|sea|lake|pond|pool|reservoir|ice)|cannot swim|(?:has not|hasnt|not|did not|didnt) (?:come|came) (?:back )?up|went under|gone under",
        // Someone else about to jump or in danger of dying now.
        r"(?:found|find|see|saw|seen) (?:\S+ ){0,3}(?:hanging|hanged|unconscious|not breathing|collapsed|on (?:the|her|his|their) floor|in a pool of blood|bleeding|unresponsive|not moving|lifeless|dead)|(?:about to|going to|trying to|threatening to|try to) (?:jump|hang|kill)|(?:standing|sitting|is|on) (?:on )?the (?:roof|ledge|edge|bridge|railing|railings|platform edge)",
        r"(?:dying|going to die|gonna die|will die|might die|could die|about to die) (?:\S+ ){0,3}(?:now|right now|help|please|here|on the floor|in front of me)|(?:he|she|they|baby|child|son|daughter|husband|wife|friend|someone|man|woman|neighbour|colleague) (?:is|are) dying|(?:please|pls) help (?:\S+ ){0,3}(?:dying|emergency|urgent)",
        r"(?:call|calling|called|need|needs|send|get) (?:\S+ ){0,2}(?:an )?ambulance|ambulance (?:is )?(?:not|coming|on its way|late|taking)|(?:dial|call|calling|called|ring|ringing) 999|emergency (?:right now|now|help)|(?:sos|mayday)",
        r"(?:he|she|they|baby|child|friend|flatmate|husband|wife|son|daughter|mum|dad|neighbour) (?:is|are|was|seems|looks|became|went) (?:very |extremely |really |so )?(?:drowsy|floppy|unrousable|hard to wake|limp|grey and)|(?:floppy|limp|lifeless) (?:baby|child|body)|(?:baby|child|toddler|son|daughter) (?:\S+ ){0,3}(?:floppy|limp|lifeless|not breathing|blue|unresponsive)",
    ])
});

/// Which emergency the (normalised, idiom-free) text describes, if any.
pub fn emergency_in(text: &str) -> Option<EmergencyKind> {
    if GAS.matches(text) {
        return Some(EmergencyKind::Gas);
    }
    if DOMESTIC_ABUSE.matches(text) {
        return Some(EmergencyKind::DomesticAbuse);
    }
    if POISONING.matches(text) {
        return Some(EmergencyKind::Poisoning);
    }
    DANGER_TO_LIFE
        .matches(text)
        .then_some(EmergencyKind::DangerToLife)
}

#[cfg(test)]
mod tests {
    use super::super::normalise::normalise;
    use super::*;

    fn kind(text: &str) -> Option<EmergencyKind> {
        emergency_in(&normalise(text))
    }

    #[test]
    fn the_trials_missed_emergencies_are_recognised() {
        assert_eq!(
            kind("there is fire in my flat"),
            Some(EmergencyKind::DangerToLife)
        );
        assert_eq!(
            kind("a man broke into my house right now"),
            Some(EmergencyKind::DangerToLife)
        );
        assert_eq!(
            kind("my child swallowed bleach"),
            Some(EmergencyKind::Poisoning)
        );
        assert_eq!(kind("i smell gas in my kitchen"), Some(EmergencyKind::Gas));
        assert_eq!(
            kind("my husband says he will kill me tonight"),
            Some(EmergencyKind::DomesticAbuse)
        );
    }

    #[test]
    fn ordinary_questions_are_not_emergencies() {
        for message in [
            "how do i register with a gp",
            "what is the emergency tax code on my payslip",
            "where do i park at new cross",
        ] {
            assert_eq!(kind(message), None, "{message}");
        }
    }
}
