//! Thoughts of suicide or self-harm, hopelessness, "can't go on", an overdose taken, a plan:
//! the ways people say it, including indirectly, misspelt and in non-native English.

use std::sync::LazyLock;

use super::concepts;
use super::patterns::Patterns;

/// Said of oneself (or plainly of suicide): a crisis whatever else the message is about.
static ABOUT_ONESELF: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        // Killing or ending oneself, one's life, it all.
        r"(?:kill|killing|killed|end|ending|finish|finishing|hurt|hurting) … myself",
        r"(?:end|ending|take|taking|finish|finishing|stop|stopping|destroy|destroying) (?:my|my own|this) (?:own )?(?:life|existence)",
        r"(?:end|ending|finish|finishing) (?:it|things|everything|this) (?:all|tonight|today|now|soon|forever|for good|once and for all)",
        r"end it all|ending it all|end of me|end myself|end my story|end my suffering|end my pain",
        r"(?:want|wanted|wanting|wanna|going|gonna|will|plan|planning|decided|ready|about|tempted|urge|need|try|trying) (?:to )?(?:just )?end (?:it|everything|myself)|end (?:it|everything|this|things) (?:\S+ )?(?:tonight|now|today|soon|forever|for good|once and for all)",
        r"(?:not|no|dont|do not|never|nt|why|without|deserve|need|point|reason|interested|interest|prefer not|rather not|stop|hate|tired|cannot|can not|unable|no longer|should) (?:\S+ ){0,4}(?:to live|to be alive|to exist|keep living|keep on living|continue living|continue to live|go on living|carry on living|living anymore|live anymore|be alive anymore|alive anymore|exist anymore|living this life|live this life|live like this|stay alive|be living|live any longer|living any longer)",
        r"(?:prefer|rather|want|wish|like) (?:\S+ ){0,2}(?:not|never) (?:to )?(?:exist|be alive|be born|have been born|live|wake up)|why (?:should|would|do|must|shall) i (?:\S+ )?(?:live|keep living|go on|carry on|stay alive|exist|bother living|be alive|wake up)|(?:feel|feeling|felt) (?:like )?to (?:die|end|disappear|kill)",
        r"(?:if|when|once) i (?:died|was dead|were dead|am dead|was gone|were gone|am gone|disappeared|was not here|were not here|was not around)|(?:would|will|should|could) (?:\S+ ){0,3}(?:not|never) (?:be )?(?:here|alive|around) (?:after|by|much longer|for long|anymore|any more|tomorrow|next week)|not be here after|not be here (?:much longer|for long|anymore|any more)",
        r"(?:wouldnt|would not|wont|will not|dont|do not) (?:mind|care) (?:\S+ ){0,4}(?:died|dying|die|dead|hit me|killed me|kill me|never woke|not waking|did not wake|something happened to me|happened to me)|(?:hit|hits|ran over|run over|runs over|killed|kill|took|take) me (?:\S+ ){0,6}(?:wouldnt|would not|wont|will not|dont|do not) (?:mind|care)",
        r"(?:please )?(?:do not|dont) (?:try to|come to|come and|come looking to|look for|try and) (?:find|look for|save|stop|call) me|made (?:my|the) (?:final )?decision (?:\S+ ){0,4}(?:sorry|goodbye|tonight|forgive|end|die|find me)|(?:god|allah|lord) (?:please )?(?:take me|forgive me for what)",
        r"unaliv\w*|suicide\w*|suicidal\w*|sucidal|suicidality",
        // The same in the languages fellows grew up with (romanised and in their own scripts).
        r"khudkushi|khudkhushi|khudkashi|khud ko (?:\S+ )?(?:khatam|maar|mar)|(?:marna|mar jana|mar jaana|marne|mar jaun|mar jaon) (?:\S+ )?(?:chahta|chahti|chahiye|hai|hoon|hun)|jeene ka (?:\S+ )?(?:nahi|nahin)|jeena nahi|jeena nahin|zindagi (?:se )?(?:thak|khatam|bezaar)|aatmahatya|atmahatya|jaan de (?:dunga|dungi|doon|du)|entehar|intihar|intehar|ente7ar|enta7ar|bfakkar bel|biddi mout|bedi mout|baddi mout|bddi mot|abghi amoot|abi amoot|ureed an amoot|ayez amoot|3ayez amoot|nefsi amoot|bachte chai na|bachte chaina|morte chai|more jete chai|attohotta|attohatya|atmohotta|mo fe pa ara mi|mo fẹ pa ara mi|ayoko na mabuhay|ayaw ko na mabuhay|kashe kaina|is dilo|igbu onwe m|achoghi m idi ndu|ځان ووژنم|أنهي حياتي|انهي حياتي|ما عاد بدي عيش|مابدي عيش|بدي موت|বাঁচতে চাই না|মরে যেতে চাই|khatam karna|khatam kar dena|nao acordar|não acordar|dormir e nao acordar|quero sumir|comot for this world|tire for this life|i wan die|wan die|marne ka (?:\S+ )?(?:mann|man|dil)|marne ko (?:\S+ )?(?:mann|man|dil|jee)|jeena (?:\S+ )?(?:nahi|nahin|mushkil)|mar jaunga|mar jaungi|mar jaana chahta|khatam kar (?:dunga|dungi|lunga|lungi)|main (?:\S+ )?nahi (?:jeena|rehna)|nu mai vreau sa traiesc|nu mai vreau sa (?:traiesc|exist)|vreau sa mor|ma sinucid|xoghaan|doonayaa inaan dhinto|ina so in mutu|mo fe pa ara mi|achoo anwu|nataka kufa|mau mati|ingin mati|bunuh diri|quiero morir|no quiero vivir|хочу померти|не хочу жити|хочу умереть|не хочу жить|میخوام بمیرم|می خواهم بمیرم|میخواهم بمیرم|خودکشی|مرنا|मरना|जीना नहीं|जीना नही|मर जाऊं|मर जाना|ஜீவிக்க|சாக வேண்டும்|தற்கொலை|මැරෙන්න|සියදිවි|मर्न मन|आत्महत्या|ራሴን|መሞት|ځان وژنه|مرګ|nitajiua|kujiua|najiua|kufa tu|gusto ko (?:nang )?mamatay|gusto (?:ko )?(?:nang )?mamatay|magpakamatay|magpapakamatay|papatayin ko (?:ang )?sarili|quero morrer|vou me matar|me matar|suicidio|quiero morir|me quiero morir|matarme|je veux mourir|me suicider|me tuer|mo fe ku|ina son mutuwa|zan kashe kaina|marna man lagyo|marna mann|انتحار|انتحر|اموت|أموت|اقتل نفسي|أقتل نفسي|خودکشی|خود کشی|مرنا چاہتا|مرنا چاہتی|आत्महत्या|मरना चाहता|मरना चाहती|मर जाना|ख़ुदकुशी|খুদকুশি|আত্মহত্যা|মরতে চাই|বাঁচতে চাই না",
        // A wish for death, in any of its words, a few words apart.
        r"(?:want|wanted|wanting|wish|wishing|wished|hope|hoping|pray|praying|prayed|rather|prefer|easier|better|best|tempted|urge|urges|thinking|thought|think|dream|dreaming|considering|planning|plan|decided|deserve|ready|longing|long|yearn|yearning) (?:\S+ ){0,5}(?:die|dying|be dead|dead|not wake|not to wake|not waking|never wake|never waking|no longer wake|stop waking|takes me|take me away|take me now|take my life|end it|end things|end everything|end my life|end myself|unaliv\S*|kill myself|killing myself|not be here|not exist|not be alive|not being alive|not being here|not existing|disappear|vanish|be gone|stop breathing|stop existing|sleep forever|go to sleep forever|sleep and never|not come back|never come back|gone forever|leave this world|leave this earth|be with god|meet my maker|join (?:my )?(?:mother|father|mum|dad|grandmother|grandfather) in)",
        r"(?:end|ending|finish|finishing|close|closing) (?:my|this) (?:journey|time|story|chapter|days|life|existence) (?:\S+ ){0,2}(?:in|on) (?:this|the) (?:world|earth)|(?:leave|leaving|left) this (?:world|earth|life)|(?:to end|end) (?:it all|things|everything|my life|myself|my suffering)",
        // Wanting to die, not to live, not to wake up.
        r"(?:want|wanted|wanting|wish|wishing|hope|hoping|going|plan|planning|planned|ready|like|deserve|prefer|rather|decided|tempted|urge|urges|desire|need|pray|praying|try|trying|tried) (?:to )?(?:just )?(?:die|be dead|dead|not exist|not be alive|stop existing|stop living|not be here|not live|disappear forever|vanish forever|sleep forever|never wake up|not wake up|be gone|go to sleep forever|leave this world|leave this life|meet god|join my)",
        r"(?:want|wish|like|need) (?:to )?(?:just )?(?:disappear|vanish|stop existing|cease to exist|not exist)",
        r"i (?:should|could|would|will|must|might|may) (?:just )?(?:die|be dead|better die)",
        r"(?:let|make) me die|better (?:to|if i) die|better i die|better that i die|(?:death|dying) (?:is|would be|will be|seems) (?:better|easier|a relief|the only|the answer|peaceful)",
        r"(?:wish|wishing|hope|hoping|pray|praying) (?:i|that i) (?:was|were|am|could be|would be|will be) (?:dead|gone|never born|not alive|not here|not born|taken)",
        r"(?:wish|wishing) i (?:had|have) (?:never|not) (?:been born|born|existed|woken up|woke up)",
        r"(?:hope|hoping|wish|pray|praying) (?:i|that i) (?:do not|never|will not|dont) wake up",
        r"(?:sleep|go to sleep|sleeping|close my eyes) (?:and )?(?:never|not|dont|do not) (?:wake|waking|open)",
        r"(?:do not|dont|no longer|not|never|nt) (?:want|wanna|wish|wanting|feel like|like|desire|care|see the point|see a reason|see any reason|see the reason|see any point|have the will|have a reason|have any reason) (?:to )?(?:live|living|be alive|being alive|exist|existing|wake up|waking up|go on|going on|carry on|be here anymore|be here any longer|continue|continue living|continue life|stay alive|survive|this life|my life|life)",
        r"(?:no|not any|nothing|no more|lost my|lost the|have no|lost all|without any|without) (?:reason|point|purpose|will|hope|meaning|motivation|desire|wish)s? (?:to|in|for|of|left to|left in)? ?(?:live|living|life|go on|going on|carry on|carrying on|be alive|being alive|keep going|continue|continuing|exist|existing|wake up|stay alive|this life)",
        r"nothing (?:left )?(?:to|worth) live for|(?:no|nothing) (?:worth )?living for|not worth living|worthless life|life (?:is|feels|seems) (?:\S+ )?(?:worthless|pointless|meaningless|hopeless|over|not worth|unbearable|too much to bear)",
        r"(?:life|living|this life|my life|existence) (?:is not|isnt|is no longer|not) worth",
        r"(?:life|my life|this life) has no (?:meaning|point|purpose|value)|no meaning (?:to|in|of) (?:my )?life|life (?:is|has) no meaning|(?:my )?life is (?:no|nothing) (?:use|meaning)",
        r"(?:tired|sick|fed up|done|finished|exhausted|weary|bored) (?:of|with) (?:living|life|being alive|this life|my life|existing|existence|breathing|being here|it all|everything)",
        r"(?:i am|am|i feel|feel|feeling|felt) (?:\S+ )?(?:done with life|done with everything|done with it all|done living)",
        // Hopelessness, no way out, a burden.
        r"(?:i|i am|i feel|feel|feeling|felt|am|so|completely|totally|utterly|really) (?:so |very |really |completely |totally |utterly |just )?(?:hopeless|worthless|trapped|useless and alone)",
        r"(?:lost|lose|losing|losing all|no|without|have no|there is no|no more|given up|gave up) (?:all )?hope|everything (?:is|feels|seems|looks) hopeless|hopelessness|no future for me|there is no future",
        r"no way out|(?:see|find) (?:a|any|no) way out|way out of (?:this|my) (?:life|pain|misery)",
        r"(?:better off|be better|happier|easier) (?:dead|without me|if i (?:was|were|am|m|died|die|disappeared) (?:\S+ )?(?:gone|dead|not here|not around|disappeared)?)",
        r"(?:everyone|everybody|family|world|they|people|kids|children|wife|husband|parents|nobody|no one|noone) (?:\S+ )?(?:would|will|might|could) (?:\S+ )?(?:be )?(?:better|happier|fine|relieved) (?:off )?(?:without me|if i)",
        r"(?:noone|nobody|no one|not anyone) (?:would|will|even|will even|would even|would ever) (?:\S+ )?(?:miss|notice|care|cry)",
        r"(?:i am|i feel|feel|feeling|am) (?:like )?(?:a|such a|just a) (?:burden|waste of space)|burden (?:to|on|for) (?:everyone|my family|others|you all|them|people|all)",
        // Cannot go on.
        r"cannot (?:go on|carry on|keep going|keep living|continue|bear (?:it|this|life)|live (?:like this|anymore|with this)|take (?:it|this|life|any more|anymore)|do (?:this|it|life)|cope|handle (?:it|this|life)|survive|face (?:tomorrow|another day|life)) (?:\S+ )?(?:anymore|any longer|no more|now|like this|with life)",
        r"cannot go on|cannot carry on|cannot keep going|cannot take it anymore|cannot do this anymore|cannot do life|cannot live like this|cannot cope anymore|cannot bear (?:it|this|life) anymore",
        r"(?:want|wanted|need|needs) (?:it all|everything|the pain|all of this|all this|the suffering|life|my life|all of it|it) to (?:stop|end|be over)(?: forever| permanently| for good| now)?",
        r"(?:give|giving|gave|given) up (?:on )?(?:my life|life|living|everything|myself|on me)",
        r"(?:do not|dont|not) think i can (?:keep going|go on|carry on|do this|cope|continue|survive|keep living|last|hold on)|(?:cannot|can not) (?:\S+ )?(?:keep going|hold on|hold on much longer)|(?:thinking|thought|think|planned|planning|figured out|worked out|researching|researched|looked up|googled|googling|searching|searched) (?:\S+ ){0,2}how (?:i would|id|i could|i will|i might|to|i can) (?:do it|end it|go|kill|die|do this)",
        r"no (?:point|reason|purpose|use) (?:\S+ ){0,4}(?:being here|be here|living|going on|me being|existing|being alive|life|carrying on|staying|trying anymore|waking up)|nothing (?:matters|means anything) (?:\S+ )?(?:anymore|any more|now)|(?:whether|if) i live or die|(?:stopped|stop) caring (?:\S+ ){0,3}(?:live|die|alive|living)",
        r"(?:if|in case) (?:anything|something) happens (?:to me )?(?:\S+ ){0,3}(?:tell|let) my (?:family|wife|husband|mum|mom|mother|dad|father|parents|children|kids)|(?:was|is|it is|its) not (?:their|your|his|her|anyones|anybodys|my familys) fault|(?:wrote|written|writing|made|make|making|updated) (?:my|a) (?:will|last will)|(?:gave|give|giving|given) away (?:all )?my (?:things|stuff|belongings|possessions|books|clothes|money)|(?:wont|will not) (?:be )?need(?:ing)? (?:them|it|these|my \S+) (?:anymore|any more|much longer|where i am going)|(?:goodbye|bye|farewell) (?:everyone|all|guys|friends) (?:\S+ ){0,6}(?:nice knowing|take care of yourselves|love you all|thank you for everything|forgive me|remember me)|nice knowing (?:you|u) (?:all|guys|everyone)",
        r"(?:said|say|saying) goodbye (?:\S+ ){0,8}(?:did not know|does not know|doesnt know|didnt know|dont know|do not know|last time|for the last|forever|was goodbye|it was goodbye)|(?:was|is) (?:my )?(?:goodbye|the last time)|(?:wrote|written|writing|left|leave|leaving) (?:a |my |the )?(?:note|letter|notes|letters)(?: \S+){0,8} (?:sorry|goodbye|forgive|love|tell my|for my)|tell my (?:\S+ )?(?:parents|mum|mom|mother|dad|father|family|wife|husband|kids|children|sister|brother) (?:that )?(?:i am|im|i was) sorry|(?:deleted|deleting|delete) (?:all )?my (?:photos|pictures|accounts|messages|social media|profiles)|(?:given|gave|giving|give) (?:away )?(?:my|all my) (?:car keys|keys|things|stuff|belongings|possessions|savings|money|books|clothes|passwords)|tonight is the night|(?:made up my mind|made my mind up|my mind is made up|decided)(?: \S+){0,8} (?:alive|to die|goodbye|pray for me|forgive me|not be here)|(?:won|will not|wont) be (?:coming back|returning|around|here) (?:\S+ )?(?:ever|again|anymore|any more|much longer)|(?:going away|leaving) (?:\S+ ){0,3}(?:wont|will not) be coming back",
        // Warning signs: a past attempt felt again, research, preparation, rehearsal, means at hand.
        r"(?:tried|attempted|attempt|trying|try) (?:\S+ ){0,2}(?:to )?(?:overdose|od|kill myself|end (?:it|my life|things)|die|hang myself|jump|take my (?:own )?life|suicide)|(?:tried|attempted) (?:once|before|twice|last year|years ago|back home)|(?:my|a|the) (?:previous|last|first|second) (?:attempt|overdose)|(?:overdosed|took an overdose|attempted) (?:\S+ ){0,4}(?:last year|before|back home|years ago|when i was|in (?:\S+ )?(?:school|college|university|karachi|lagos|cairo|delhi|home))|last time i (?:tried|did it|overdosed|cut|took)|survived (?:an |my |the )?(?:attempt|overdose)|(?:same|those|the) (?:thoughts|feelings|urges) (?:\S+ ){0,3}(?:coming back|came back|back again|again|returning|are the same)|(?:scared|afraid|worried) (?:\S+ ){0,3}(?:happen|do it) again",
        r"(?:searching|searched|search|looking up|looked up|looked into|googling|googled|reading about|read about|reading up|read up|researching|researched|checking|checked|asking) (?:\S+ ){0,6}(?:highest|tallest|how high|how deep|how many (?:pills|tablets)|lethal|fatal|painless|quickest way|easiest way|how long it takes to die|train times|overdose|which bridge|which building|to die)",
        r"(?:put|putting|sorted|sorting|getting) (?:my |all my )?affairs in order|(?:sent|sending|give|gave|given) (?:\S+ ){0,2}(?:my )?passwords|(?:scheduled|schedule|scheduling|wrote|written|writing|prepared|preparing|left) (?:\S+ ){0,3}(?:emails|messages|letters|notes|videos) (?:\S+ ){0,3}(?:to|for) my (?:family|wife|husband|kids|children|parents|mum|mom|dad|friends)|(?:after that|after (?:this|friday|tonight|tomorrow|today)) (?:\S+ ){0,3}(?:will not|wont|does not|doesnt|do not|dont) (?:matter|need)|(?:will not|wont|do not|dont) (?:\S+ )?need (?:it|them|my \S+) (?:after|anymore|any more|much longer|where i am going)|(?:made|make) (?:my|the) decision (?:\S+ ){0,6}(?:calm|peace|at peace|sorry|goodbye|forgive|not be|ready)|(?:feel|feeling) (?:so )?(?:calm|at peace|peaceful) (?:now )?(?:\S+ ){0,4}(?:decided|decision|made up my mind|ready to go|not afraid)",
        r"(?:practis|practic)\w* (?:\S+ ){0,3}(?:how i|how to (?:hang|jump|cut|tie|do it)|it|the knot|with (?:the |a |my )?(?:belt|rope|cord|noose|knife|blade|razor|pills|tablets|scarf|cable)|standing|at the edge|jumping|hanging|tying)|(?:tied|tie|tying) (?:the |a )?(?:knot|noose|rope)|tested (?:it|the rope|the knot|the belt)|dry run|i (?:\S+ )?(?:stood|was standing|am standing|stand|have stood) (?:on|at) (?:the )?(?:edge|ledge|bridge|roof|platform edge|railing)",
        r"(?:morphine|potassium|insulin|midazolam|ketamine|fentanyl|oxycodone|cd cupboard|controlled drugs|drugs|ampoules|vials|syringes|pills|tablets|blade|blades|razor|knife|rope|belt) (?:\S+ ){0,8}(?:do not|dont|cannot) trust myself|(?:do not|dont|cannot|no longer) trust myself|how easy it would be|(?:it would be|would be so|it is so) easy (?:\S+ ){0,6}(?:with|to) (?:the |my )?(?:morphine|potassium|insulin|drugs|pills|tablets|ward|knife|blade|rope|it)|(?:took|taken|take|bringing|brought) (?:\S+ ){0,4}(?:home|in my bag) (?:\S+ ){0,3}(?:from the ward)|(?:from the ward) (?:\S+ ){0,6}(?:home|in my bag|took them)|(?:taking|take) the (?:whole )?(?:cd cupboard|drug cupboard|controlled drugs)",
        r"(?:looking|looked|staring|stared|holding|held) at (?:the |a |my )?(?:knife|knives|pills|tablets|bottle|rope|blade|razor|belt|bridge|tracks|edge|window) (?:\S+ ){0,4}(?:for (?:an|a|hours|ages|minutes|the last)|again|every night|all night|just)|(?:pills|tablets|bottle of pills|knife|blade|rope) (?:\S+ ){0,2}(?:beside|next to|in front of|in) (?:me|my hand|my lap)|(?:need|buy|buying|get|getting) (?:\S+ ){0,2}(?:new |more |sharp |sharper )?blades (?:\S+ ){0,8}(?:tonight|now|blunt|need it)|engine running (?:\S+ ){0,6}(?:pipe|hose|windows?|garage)|(?:pipe|hose) (?:through|into|in) the (?:\S+ )?window|exhaust (?:\S+ ){0,3}(?:pipe|hose|into)|charcoal (?:\S+ ){0,3}(?:room|car|bathroom|tent)",
        r"(?:soul|spirit|heart) (?:\S+ ){0,3}(?:go back to|return to|going back to|be with|leave (?:this|my) body) (?:god|allah|heaven|my creator|the creator|the lord|jesus)|(?:ready|want|wanting) to go (?:home )?(?:\S+ ){0,4}(?:not afraid|to god|to allah|to heaven|now)|not afraid (?:to die|of death|of dying)|(?:go|going|return|returning) (?:back )?(?:home )?to (?:god|allah|my creator|the creator|heaven|jannah)",
        r"(?:just kidding|jk|kidding|joking|lol|haha|hahaha|lmao) (?:\S+ ){0,4}unless|not even joking|i am not joking|im not joking|no joke (?:\S+ ){0,4}(?:die|kill|end|pills|tablets|not waking)|(?:punch|punching|punched|hit|hitting|bang|banging|kick|kicking) (?:the |a )?walls? (?:\S+ ){0,4}(?:until|till|so|to feel|bleed|bled|bleeding|break)|(?:been|started|start) (?:cutting|selfharming|burning myself|hurting myself) (?:since|for|again|years|months)|(?:cutting|selfharm\w*|burning myself|hurting myself) (?:\S+ ){0,6}(?:since|for years|for months|getting worse|worse since|again since)|starv\w* myself|(?:the )?point (?:of|in) (?:waking up|getting up|being here|living|going on|trying)|(?:just|simply) not (?:exist|be here|wake up)|not (?:be )?here at all|not going to be around|(?:will|would|could) not be around (?:\S+ ){0,3}(?:for|next|anymore|much|long)|the car (?:had )?(?:hit|killed) me|wish (?:\S+ ){0,4}(?:hit|killed|run over|ran over) me",
        // More of the long tail: the body's afterlife admin, rehearsals, waiting for courage,
        // things tidied away, a voice calling, a lethal question asked "for me, not a patient".
        r"(?:if|when|after|once) i die (?:\S+ ){0,12}(?:who|body|visa|decide|soon|registration|gmc|cancel|sends|pay my family)|(?:who|what happens) (?:\S+ ){0,6}(?:if|when|after) i die|(?:pre ?pay|prepay|plan|planning|organise|organising) my (?:own )?funeral|imagin\w* (?:\S+ ){0,2}my (?:own )?funeral|my (?:own )?funeral (?:\S+ ){0,4}(?:relief|playlist|plan)|sends? the body home|next of kin (?:\S+ ){0,12}(?:when it happens|gets the call|the call)|(?:organs?|donor) (?:\S+ ){0,8}(?:how soon|soon|something good|come out of me)|make it easy for whoever|who (?:finds|will find|would find) (?:me|my body|the body)|(?:to be the one|be the one) who finds",
        r"(?:chosen|picked|found|chose|pick|choose) (?:the|a|my) (?:place|spot|day|date|way|method|bridge|building)(?: \S+){0,8} (?:nobody|quiet|after dark|alone|dark|goes there)|(?:made|have|got) a plan (?:\S+ ){0,12}(?:what i need|waiting|not on that day|pass)|got what i need (?:\S+ ){0,8}(?:waiting|pass|after|when)|wait(?:ing)? for the courage|find the courage|(?:have|had|got) the courage (?:to|yet)|not brave enough (?:to|yet)|(?:how high|how tall|how far down|how deep) (?:is|are) (?:\S+ ){0,8}(?:car park|multi storey|bridge|building|roof|floor|level|tower|viaduct|cliff|river|canal)|(?:do not|dont) ask why",
        r"(?:tracks|bridge|roof|canal|river|motorway|water|sea) (?:\S+ ){0,4}(?:looking|look|looks) (?:\S+ )?(?:comfy|comfortable|inviting|peaceful|tempting|good)|kidding mostly|mostly kidding|half joking|only half joking|make sure my (?:things|stuff|belongings) (?:\S+ )?(?:are )?(?:sent|go|given)|(?:nobody|no one|noone) will have to clean up after me|clean up after me|everything is (?:tidy|sorted|in order|done) now|(?:will not|wont) (?:need|have) to worry about me|sorted everything out (?:now)?|(?:will not|wont) need the rest|(?:do not|dont) think (?:i will|ill|i am going to|im going to) (?:be )?(?:around|here|alive) (?:much longer|for long|long)|(?:wrote|written) a note (?:\S+ ){0,8}(?:did not do|didnt do|still in my|goodbye|for my family|in my (?:coat|pocket|locker|bag))",
        r"(?:hold|holding|held) my breath (?:\S+ ){0,6}(?:under|until|till)|(?:until|till|til) it goes (?:dark|black)|(?:until|till|til) (?:it|they|i|my \S+) (?:bleeds|bled|bleed|bruises|bruised|hurts|breaks|burns)|(?:hit|hitting|bang|banging|banged) my head (?:on|against) (?:the )?wall|hair pulling|pull(?:ing)? (?:out )?my hair|bald patch|counted (?:\S+ ){0,3}(?:tablets|pills)|(?:calling|calls|called) me to (?:come|join|him|her|them)|(?:want|wanting|wish|ready) to (?:go|be) (?:to|with) (?:him|her|them)|heaven must be|(?:hope|hoping|wish|pray|praying) (?:\S+ ){0,4}(?:hits|hit|kills|runs over|run over) me",
        r"(?:not (?:asking )?for a patient|not for a patient|not about a patient|personal question|not clinical|its for me|it is for me|asking for myself|asking for me) (?:\S+ ){0,15}(?:die|dose|fatal|overdose|heart|lethal|kill)|(?:die|dose|fatal|overdose|stops? the heart|lethal|kill) (?:\S+ ){0,15}(?:not (?:asking )?for a patient|not for a patient|not about a patient|personal question|not clinical|its for me|it is for me|asking for myself|asking for me)",
        r"(?:do|doing|did) something to myself|(?:what|something) i (?:\S+ )?(?:might|may|could|will|would) do to myself|(?:scared|afraid|frightened|worried|terrified) (?:of |about )?(?:what )?i (?:might|may|could|will) do|(?:check|checking|look) on me (?:\S+ ){0,3}(?:tomorrow|tonight|in the morning)|look like an? (?:accident|natural death|heart attack)|(?:crash|crashing|drive|driving) my car (?:\S+ ){0,6}(?:on purpose|accident|insurance|into|off the|tonight)|know (?:exactly )?how (?:much|many) (?:is enough|would|it would take|i need|to take|would kill)|(?:no|not having|not have|lost|losing|without) (?:any )?(?:wish|will|desire|interest|reason|motivation|strength) (?:for|to|of) (?:life|living|live|go on)|(?:mind|voice|voices|head|something) (?:\S+ ){0,2}(?:keeps saying|keeps telling me|keep telling me|tells me|telling me|told me|says|saying) (?:\S+ ){0,3}(?:go to the roof|to the roof|jump|die|kill|end it|hurt myself|roof|bridge|do it)|(?:bought|buying|buy|got|getting) (?:\S+ ){0,3}(?:\d+|several|many|lots of|loads of|multiple) (?:boxes|packs|packets|bottles|strips) (?:of )?(?:\S+ )?(?:paracetamol|pills|tablets|ibuprofen|aspirin|codeine|sleeping pills)|(?:different|several|multiple|various) (?:shops|pharmacies|chemists) (?:\S+ ){0,4}(?:so|nobody|no one|noone)|(?:insurance|death in service|life cover|pay out|payout) (?:\S+ ){0,8}(?:without me|if i die|if i died|when i die|when i am gone|if i am gone|fine without)|(?:without me|if i die|if i died|when i die|when i am gone|if i am gone) (?:\S+ ){0,8}(?:insurance|death in service|life cover|pay out|payout)",
        r"(?:only thing|only one|only reason|all that is|what is|only my \S+ is) (?:\S+ ){0,3}(?:stopping|keeping|holding) me (?:from|alive|here|back)|(?:stopping|keeping|holding) me (?:from doing it|from ending|alive)",
        // Self-harm.
        r"selfharm\w*|self harm\w*",
        r"(?:harm|harming|harmed|hurt|hurting|cut|cutting|burn|burning|burned|burnt|injure|injuring|injured|punish|punishing|starve|starving|scratch|scratching|hit|hitting|bang|banging|choke|choking|strangle|strangling|poison|poisoning) (?:\S+ )?myself",
        r"(?:i|i am|been|have been|started|start|keep|kept|back to|again|urge to|urges to|thinking of|thought of) (?:\S+ )?(?:cutting|burning) (?:again|myself|my (?:arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin|body))",
        r"(?:cutting|burning) again|cutting (?:my )?(?:arms?|wrists?|legs?|thighs?|skin)|cut my (?:arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin)|slit (?:my )?wrists?|(?:cuts|scars|marks|wounds|burns) on my (?:arm|arms|wrist|wrists|legs|thighs|body|skin)",
        r"(?:blade|razor|knife|glass) … (?:myself|my (?:arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin))",
        r"(?:relapsed|relapse) … (?:cutting|selfharm|harming)|(?:cutting|cut|selfharm|burn|burning) scars|(?:started|starting|began) (?:\S+ ){0,2}again (?:\S+ ){0,4}(?:cutting|burning|hurting)|(?:cutting|burning|hurting) (?:\S+ ){0,8}(?:started|starting) again",
        r"(?:bang|banging|banged|hit|hitting|punch|punching|punched|scratch|scratching|scratched|burn|burning|burnt|burned|cut|cutting|slash|slashing|slashed|bite|biting|pinch|pinching) (?:my|the) (?:head|arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin|hand|hands|body|face|stomach|fist|fists|knuckles|wall|walls) (?:\S+ ){0,8}(?:on purpose|deliberately|until|till|to feel|so it hurts|so i feel|with (?:a |the |my )?(?:cigarette|cigarettes|lighter|iron|blade|razor|knife|glass|compass))|(?:on purpose|deliberately) (?:\S+ ){0,4}(?:until|hurt|hurts|bleed|bled)|(?:with|using) (?:a |the )?(?:cigarette|cigarettes|lighter|iron|blade|razor) (?:\S+ ){0,3}(?:myself|my (?:arm|arms|skin|wrist|wrists|legs|thighs))|(?:only thing|only way) (?:\S+ ){0,4}(?:feel something|feel anything|cope)",
        // An overdose taken or planned, pills saved.
        r"(?:i|i have|ive|i just|i am) (?:\S+ )?overdosed|(?:i|i have|ive|i just|i am|i will|i might|i may|i want to|i could|thinking of|thinking about|thought of|thought about|planning to|plan to|tempted to|urge to) (?:\S+ ){0,3}(?:take|took|taken|taking|do|did|done|doing|have|had|going for) (?:an |a )?(?:big |massive |huge |another )?overdose",
        r"(?:pills|tablets|medication|painkillers|paracetamol|insulin|drugs) … (?:saved|stored|stockpiled|hidden|ready|collected|hoarded)|(?:saving|saved|stockpiling|stockpiled|collecting|collected|hoarding|hoarded|storing|stored|keeping|kept) (?:up )?(?:\S+ ){0,3}(?:pills|tablets|paracetamol|painkillers|medication|insulin|drugs|amitriptyline|sertraline|citalopram|fluoxetine|mirtazapine|codeine|tramadol|morphine|oxycodone|zopiclone|diazepam|sleeping)",
        r"(?:fatal|lethal|deadly|kill) (?:\S+ ){0,8}(?:for me|for myself|on myself|not for a patient|not for patient|not a patient|asking for me|asking for myself)|(?:for me|for myself|not for a patient) (?:\S+ ){0,8}(?:fatal|lethal|deadly|to die)",
        r"(?:how much|how many|enough|what dose|which dose|the dose|amount) (?:\S+ ){0,5}(?:to kill me|would kill me|to kill myself|to die|to end it|to end my life|to not wake up|for me to die|is lethal|is fatal)|(?:take|need|enough|would) (?:\S+ ){0,2}to kill me|(?:ways|way|how|method|methods|easiest way|quickest way) to (?:die|kill myself|end my life|end it|commit suicide)|painless (?:way|ways|death|method|methods)",
        r"take (?:them|it|all of them|the lot) all|take all (?:of )?(?:them|my|the|these)|swallow (?:them|all|the lot|everything)|(?:take|taking|took|swallow|swallowing|swallowed) (?:\S+ )?(?:all of them|them all|the lot|all of it|the whole (?:\S+ )?(?:box|bottle|pack|packet|strip)|every (?:one|single one)|all the (?:pills|tablets|meds|medication))",
        r"(?:using|use|inject|injecting|injected|take|taking|try|trying) (?:\S+ ){0,3}(?:on|into) myself|(?:stop|stops|stopping) my (?:own )?heart|(?:how many|how much|enough) (?:\S+ ){0,6}(?:would it take|it would take|does it take|it takes|to take|would kill|to kill|to die|to not wake|to stop my|would stop my)|(?:keep|keeping|kept|hide|hiding|hid|carry|carrying) (?:a |my |some )?(?:blade|blades|razor|razors|rope|noose)|(?:keep|keeping|kept|hide|hiding|hid|carry|carrying) (?:a |my |some )?(?:knife|pills|tablets) (?:\S+ ){0,12}(?:for when|just in case|in case|when it gets|for emergencies|for the day|for later)",
        // A plan.
        r"(?:i|i am|i will|i have|ive|i want to|i might|i may|i could|i keep|i kept|i feel like|i was|me|think about|think of|thinking of|thinking about|thought of|thought about|thoughts of|urge to|urges to|tempted to|considering|contemplating|fantasise about|fantasize about|dream of|dream about) (?:\S+ ){0,4}(?:jump|jumping|throw myself|throwing myself|step|stepping|walk|walking|lie|lying|lay|drive|driving|crash|crashing|steer|steering|fall|falling) (?:my car |the car |myself )?(?:off|from|in front of|under|onto|into|down|out of) (?:\S+ ){0,4}(?:roof|rooftop|bridge|building|balcony|train|trains|tracks|track|car park|multi storey|cliff|window|tower|motorway|lorry|truck|platform|flyover|top floor|river|canal|wall|tree|traffic|bus|height|heights|ledge|edge|sea|water|lake|ocean|oncoming)",
        r"(?:i am|i will|i want to|i|im) (?:\S+ ){0,2}(?:going to|gonna|about to|ready to|want to|will|wanna) jump",
        r"(?:step|stepping|jump|jumping|walk|walking|throw myself|lie down) (?:in front of|under|onto) (?:a |the )?(?:train|trains|bus|lorry|truck|car|cars|traffic|tracks)|(?:train|railway|rail) tracks? (?:\S+ ){0,6}(?:step|stepping|jump|jumping|lie|lying|walk|end|think|thinking)|walk (?:\S+ )?into the (?:sea|river|water|ocean|lake|canal|traffic)",
        r"throw myself|throwing myself|threw myself|hang myself|hanging myself|hang … myself|drown myself|drowning myself|gas myself|shoot myself|stab myself|suffocate myself|(?:i|i am|im) (?:\S+ )?(?:on|at) (?:the )?(?:top of the |edge of the )?(?:bridge|roof|rooftop|ledge|edge|top floor|cliff|platform)",
        r"noose|(?:buy|bought|got|have|tie|tied|tying|find|found) (?:\S+ ){0,2}ropes?|rope (?:around|round) my neck",
        r"(?:plan|plans|planned|planning|method|note|letter|date|way) (?:\S+ ){0,3}(?:to )?(?:end|kill|die|suicide|dying|death)",
        r"(?:write|wrote|written|writing|leave|left|leaving|prepared|preparing) (?:\S+ ){0,2}(?:suicide |goodbye |farewell |last )?(?:note|letter|letters|notes) (?:for|to) (?:my )?(?:family|wife|husband|kids|children|parents|mum|mom|mother|father|dad|everyone)",
        r"(?:goodbye|good bye) (?:\S+ ){0,2}(?:forever|for good|for ever|for the last time|world|cruel world)|final goodbye|(?:say|saying|said) (?:my )?goodbyes? (?:to )?(?:everyone|you all|all of you|my family|my (?:wife|husband|kids|children|parents|mum|mom|dad|son|daughter)|this world|the world|life|forever)|(?:my )?(?:last|final) (?:message|goodbye|words|post|day on earth)|my last (?:night|day) (?:on earth|alive)|this is goodbye|by the time you read this|when i am gone|after i am gone|once i am gone|if i am gone|(?:look after|take care of|care for) my (?:wife|husband|kids|children|family|parents|mum|mom|son|daughter|baby) (?:for me|when|after|if)|(?:sorry|forgive me) for everything|(?:look after|take care of) (?:my family|them) for me",
        r"(?:thoughts|thinking|thought|think|ideas|images|dreams|fantasies|fantasise|fantasize|visions|intrusive thoughts|urges) (?:\S+ )?(?:of|about|on) (?:ending|killing|hurting|harming|dying|death|suicide|not being here|not existing|not waking|being dead|jumping|hanging|my funeral|disappearing)",
        r"(?:might|going to|will|could|scared i|afraid i|worried i|may) (?:\S+ )?(?:do|doing) something (?:stupid|silly|drastic|bad|dangerous|terrible) (?:to myself|tonight|today|now)?",
        r"(?:do not|dont|no longer|not) (?:feel|am|think i am|think i will be) safe (?:with|around|from) myself|(?:not|do not feel) safe (?:alone|tonight|right now)|(?:am|feel) (?:a )?(?:danger|threat|risk) to myself",
        r"(?:dead|empty|numb|broken|nothing) inside|(?:i|i am|i feel) (?:\S+ )?(?:already )?(?:dead|a ghost)|(?:i|i am) (?:\S+ )?(?:completely )?(?:broken|finished) (?:inside|beyond repair)",
        r"(?:feel|feeling|felt) like (?:i am )?(?:dying|die|disappearing|giving up|ending)",
        r"(?:my )?life is (?:finished|over|ruined|done|destroyed|a waste)|(?:i|i am) (?:\S+ )?(?:done|finished) with (?:life|living|everything|this world)",
    ])
});

/// An overdose taken, where the one who took it is not named: the writer, unless someone else is
/// the subject ("my friend just took a handful of pills" is their emergency).
static OVERDOSE_TAKEN: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"(?:i|i have|i just|i already|just|already|ive) (?:\S+ )?(?:took|taken|swallowed|had|drank|drunk|downed|consumed|ate) (?:\S+ ){0,5}(?:pills|tablets|paracetamol|painkillers|sleeping|medication|medicine|insulin|antidepressants|amitriptyline|pack|packet|box|bottle|overdose|whole|lot of|load of)",
        r"(?:took|taken|swallowed|downed|had) (?:\S+ ){0,2}\d+ (?:\S+ ){0,4}(?:tablets|pills|capsules|caps|paracetamol|of my|of them)",
        r"(?:took|taken|swallowed|downed|had|take|swallow) (?:all|all of|the whole|every one of|every|a handful of|handfuls of|a bunch of|loads of|lots of|a load of) (?:\S+ ){0,2}(?:my|the|of my|them|these|those|pills|tablets|meds|medication|\S+)",
    ])
});

/// Someone else at risk (not in danger this minute): also a crisis, and the same help.
static ABOUT_SOMEONE: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"(?:kill|killing|killed|hurt|hurting|harm|harming|cut|cutting|end|ending) (?:\S+ )?(?:himself|herself|themselves|themself)",
        r"(?:end|ending|take|taking|finish|finishing) (?:his|her|their) (?:own )?life",
        r"(?:cutting|cut|burning|burnt|hurting|harming|scratching) (?:his|her|their) (?:arms?|wrists?|legs?|thighs?|skin|body|stomach)|(?:he|she|they) (?:\S+ ){0,3}selfharm\w*",
        r"(?:he|she|they|friend|colleague|flatmate|housemate|roommate|brother|sister|wife|husband|partner|son|daughter|cousin|fellow|mate|someone) (?:\S+ ){0,4}(?:wants|want|wanted|wanting|going|plans|planning|talks|talking|talked|speaks|speaking|spoke|keeps|threatens|threatening|threatened) (?:\S+ ){0,2}(?:to die|about dying|about death|about ending|to end it|about suicide|suicide|to disappear|about not being here|of ending)",
    ])
});

/// Contexts in which a word like "suicide" or "overdose" is about work, not the writer:
/// mandatory training, a patient, research.
static WORK_CONTEXT: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"film|films|movie|movies|scene|watched|watching|series|episode|documentary|news|article|book|novel|song|lyrics|volunteer|volunteering|charity|grand round|slides|training|module|modules|course|courses|elearning|e learning|esr|mandatory|awareness|prevention|policy|policies|statistics|rates?|research|audit|qip|teaching|lecture|presentation|poster|leaflet|charity|fundraising|documentary|webinar|workshop|guideline|guidelines|nice|protocol|pathway|screening|exam|exams|quiz",
        r"patients?|year old|yr old|yo|y o|gentleman|lady|admitted|admission|presented|presenting|presents|referral|refer|referred|assess|assessing|assessment|manage|management|managing|treat|treatment|risk assessment|capacity|safeguarding|mental health act|section|ward|bay|clerk|clerking|history|psych|psychiatry|liaison|crisis team|ed|ae|emergency department|overdose management|toxbase|nac|acetylcysteine|antidote",
    ])
});

/// Words that alone mean a crisis only outside a work context.
static TOPIC_WORDS: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[r"suicide\w*|suicidal\w*|selfharm\w*|overdose\w*|unalive\w*|self harm\w*"])
});

/// A first person at the centre of the message: "I", "me", "my".
static FIRST_PERSON: LazyLock<Patterns> =
    LazyLock::new(|| Patterns::new(&[r"i|me|my|myself|mine|im"]));

/// Whether someone else is at risk (not in danger this minute: that is an emergency).
pub fn someone_at_risk(text: &str) -> bool {
    (ABOUT_SOMEONE.matches(text) || concepts::someone_in_crisis(text))
        && !WORK_CONTEXT.matches(text)
}

/// A crisis said in so many words (suicide, killing or harming oneself, wanting to die, an
/// overdose taken, a plan to jump), not read between the lines.
pub fn in_so_many_words(text: &str) -> bool {
    static EXPLICIT: LazyLock<Patterns> = LazyLock::new(|| {
        Patterns::new(&[
            r"suicid\S*|unaliv\S*|selfharm\S*|(?:kill|killing|end|ending|cut|cutting|burn|burning|hurt|hurting|harm|harming) myself|(?:end|ending|take|taking) my (?:own )?life|(?:want|wanna|wish|going|ready) (?:\S+ )?to die|wish i (?:was|were) dead|i (?:\S+ )?(?:overdosed|took an overdose|have taken|just took|swallowed)|(?:i am|i will|i m|im) (?:\S+ ){0,2}(?:going to|gonna|about to) jump",
        ])
    });
    EXPLICIT.matches(text)
}

/// Someone else is the one in danger: "he said he was going to end it and now I can't wake him".
pub fn someone_else_in_danger(text: &str) -> bool {
    static SOMEONE_ELSE: LazyLock<Patterns> = LazyLock::new(|| {
        Patterns::new(&[
            r"(?:he|she|they|friend|flatmate|housemate|roommate|colleague|brother|sister|wife|husband|partner|son|daughter|neighbour|man|woman|someone|person|boy|girl) (?:\S+ ){0,3}(?:said|says|is|was|has|had|keeps|kept|threatened|threatening|standing|sitting|climbing|took|taken|swallowed|jumped)",
        ])
    });
    static OWN: LazyLock<Patterns> = LazyLock::new(|| {
        Patterns::new(&[
            r"i (?:\S+ ){0,3}(?:want|wanted|took|have taken|swallowed|will|am going to|going to|feel|am thinking|keep thinking|cut|overdosed)|myself",
        ])
    });
    SOMEONE_ELSE.matches(text) && !OWN.matches(text)
}

/// Someone else did it: "my friend just took a handful of pills" is their emergency.
static SOMEONE_ELSE_DID: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"(?:he|she|they|friend|flatmate|housemate|roommate|colleague|brother|sister|wife|husband|partner|son|daughter|child|baby|kid|toddler|mum|mom|mother|dad|father|neighbour|someone|patient|man|woman|boy|girl|cousin|mate|relative|student) (?:(?:has|had|have|just|also|then|already|apparently|now|says|said|told me|she|he|they|is|was|may|might|probably|maybe) ){0,3}(?:took|taken|has taken|swallowed|drank|drunk|overdosed|cut|jumped|hanged|hung|ate|eaten)",
    ])
});

/// Whether the (normalised, idiom-free) text shows the writer's own crisis.
pub fn shows_crisis(text: &str) -> bool {
    if OVERDOSE_TAKEN.matches(text) && !SOMEONE_ELSE_DID.matches(text) {
        return true;
    }
    if !ABOUT_ONESELF.matches(text) {
        return concepts::writer_in_crisis(text) && !about_a_patient(text);
    }
    // "Is suicide prevention training mandatory?" and "a patient took an overdose" name the words
    // without being about the writer.
    let only_topic_words =
        TOPIC_WORDS.matches(text) && !ABOUT_ONESELF.matches(&TOPIC_WORDS.remove_from(text));
    !(only_topic_words && WORK_CONTEXT.matches(text) && !first_person_suicidal(text))
}

/// A patient at the centre: "my patient keeps saying she wants to die" is a clinical question.
fn about_a_patient(text: &str) -> bool {
    static PATIENT: LazyLock<Patterns> = LazyLock::new(|| {
        Patterns::new(&[
            r"patient|patients|pt|pts|year old|yo|admitted|ward|clerk|clerking|on call|a and e|ae|ed",
        ])
    });
    PATIENT.matches(text)
}

/// "I am suicidal", "my suicidal thoughts": the writer's own, even in a work context.
fn first_person_suicidal(text: &str) -> bool {
    static OWN: LazyLock<Patterns> = LazyLock::new(|| {
        Patterns::new(&[
            r"(?:i am|i feel|i have been|i was|i get|i got|i have|feeling|felt|been|feel|am) (?:\S+ ){0,2}(?:suicidal|selfharming|unalive)",
            r"my (?:\S+ )?(?:suicidal|suicide|selfharm)",
            r"(?:i|me) … (?:commit|committing|attempt|attempted|try|tried|thinking|think|thought|considering|contemplating|want|going|plan|planning) (?:\S+ ){0,2}(?:suicide|selfharm|overdose|unalive)|(?:do|doing|did|done) suicide",
        ])
    });
    FIRST_PERSON.matches(text) && OWN.matches(text)
}

#[cfg(test)]
mod tests {
    use super::super::normalise::normalise;
    use super::*;

    fn crisis(text: &str) -> bool {
        let text = normalise(text);
        shows_crisis(&text) || someone_at_risk(&text)
    }

    #[test]
    fn direct_and_indirect_words_for_suicide_are_a_crisis() {
        for message in [
            "i want to kill myself",
            "i am thinking of suicide",
            "i dont want to live anymore",
            "i feel like ending my life",
            "sometimes i think everyone would be better off if i was gone",
            "i want to unalive myself",
            "no point living if i fail my exam again",
            "i want to sleep and never wake up",
            "life has no meaning for me now",
            "I will finish my life",
        ] {
            assert!(crisis(message), "{message}");
        }
    }

    #[test]
    fn self_harm_an_overdose_and_a_plan_are_a_crisis() {
        for message in [
            "i have been cutting myself again",
            "i hurt myself last night with a blade",
            "i have pills saved up and i am thinking of taking them all",
            "i just took 30 paracetamol",
            "thinking of jumping from the car park roof after my shift",
        ] {
            assert!(crisis(message), "{message}");
        }
    }

    #[test]
    fn the_words_at_work_are_not_a_crisis() {
        for message in [
            "is suicide prevention training on ESR mandatory",
            "how do I assess a patient who took an overdose",
            "how do i register with a gp",
        ] {
            assert!(!crisis(message), "{message}");
        }
    }

    #[test]
    fn the_writers_own_thoughts_are_a_crisis_even_beside_work_words() {
        assert!(crisis(
            "after the training today i am feeling suicidal again"
        ));
    }
}
