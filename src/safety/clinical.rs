//! Requests for advice on patient care: doses, management, interpreting results. The bot never
//! gives it. A doctor's own health, a course or a complaint is not patient care.

use std::sync::LazyLock;

use super::patterns::Patterns;

/// Conditions, drugs, investigations and dosing: words that, asked about, mean patient care.
static CLINICAL_TERMS: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        // Dosing and prescribing.
        r"dose|doses|dosage|dosing|overdosing|titrate|titration|prescribe|prescribing|loading dose|maintenance dose|first line|second line|drug of choice|stat dose|infusion|bolus|iv fluids?|fluid challenge|fluids for|sliding scale|vrii|regimen",
        r"\d+ ?(?:mg|mcg|micrograms?|mls?|iu|mmol|mmoll|units)|mg|mcg|mgkg|mg kg|units of (?:insulin|blood)",
        // Results and investigations.
        r"ecg|ekg|abg|vbg|blood gas|cxr|chest x ray|chest xray|ct head|ct scan|ctpa|mri|ultrasound|echo|lft|lfts|u and e|u e|ues|fbc|crp|wcc|d dimer|ddimer|troponin|trop|bnp|inr|aptt|blood cultures?|lumbar puncture|lp|urine dip|urinalysis|csf|lactate|potassium|sodium|creatinine|egfr|haemoglobin|hemoglobin|hb|platelets|ferritin|tsh|hba1c|ketones|glucose|bm|cbg|alt|ast|alp|ggt|bilirubin|albumin|calcium|corrected calcium|phosphate|amylase|lipase|ck|magnesium level|urea|bicarb|bicarbonate|base excess|pco2|po2|fio2|peak flow|sats|saturations|spo2|gcs|news2|news score|qsofa|curb ?65|wells score|chads|cha2ds2|hasbled|qrisk|st elevation|st depression|qrs|qt|pr interval|t waves?|heart block|bundle branch",
        // Observations and results with their values; scores; procedures and lines.
        r"(?:bp|blood pressure|hr|heart rate|rr|resp rate|sats|spo2|temp|k|na|hb|inr|gcs|news|news2|ph|pco2|po2|lactate|glucose|cbg|bm|egfr|creatinine|crp|wcc|plt|platelets|trop|troponin|qtc|qt|alt|ast|alp|bilirubin|calcium|corrected calcium|magnesium|phosphate|urea|ferritin|tsh|amylase|lipase|ck|ketones|bicarb|be|fio2|map|pulse|o2) (?:is |of |was |at |about |of about |around |only |now |down to |up to |dropped to |\d+ )?\d+",
        r"blatchford|rockall|wells score|curb|abcd2|apgar|bishop score|child pugh|meld|grace score|timi|ciwa|mews|pews|phq 9|gad 7|frailty score|glasgow coma|glasgow blatchford|lights criteria|scope|endoscopy|ogd|colonoscopy|catheter|peripheral line|central line|picc|ng tube|nasogastric|chest drain|pleural|ascitic|paracentesis|thoracentesis|intubat\w*|anuric|oliguric|anuria|oliguria|urine output|fluid balance|mag sulph|magnesium sulphate|qtc|psych review|section 5 2|section 2|section 3|mental state exam|capacity assessment|discharge letter for|ttos?",
        r"(?:manage|managing|management|treat|treating|treatment|investigate|investigating|investigations|workup|work up|approach to|first line|second line|drug for|drugs for|medication for|antibiotic for|antibiotics for|fluids for|dose for|bring (?:it|the bp|bp) down|replace) (?:of |for |in |an |a |the )?(?:\S+ ){0,3}(?:asthma|diabetes|diabetic|hypertension|epilepsy|seizure|seizures|pneumonia|copd|heart failure|stroke|anaphylaxis|depression|psychosis|delirium|infection|bleed|bleeding|fracture|fever|sepsis|shock|overdose|poisoning|headache|chest pain|sob|shortness of breath|vomiting|diarrhoea|rash|hypotension|hypertension|acidosis|arrhythmia|palpitations|syncope|collapse|injury|burns?|potassium|sodium|it|adults|children|elderly|pregnancy)|(?:acute|severe|chronic|exacerbation of|exacerbations of) (?:\S+ )?(?:asthma|copd|heart failure|kidney|liver|pancreatitis|hypertension)",
        // Conditions.
        r"dka|hhs|aki|ckd|pe|dvt|vte|mi|stemi|nstemi|acs|af|afib|atrial fibrillation|svt|vt|vf|copd|chf|ccf|lvf|heart failure|hap|uti|pyelonephritis|cellulitis|sepsis|septic|meningitis|encephalitis|pancreatitis|cholecystitis|cholangitis|appendicitis|bowel obstruction|gi bleed|upper gi|lower gi|variceal|varices|haematemesis|melaena|hyperkalaemia|hyperkalemia|hypokalaemia|hypokalemia|hyponatraemia|hyponatremia|hypernatraemia|hypernatremia|hypercalcaemia|hypercalcemia|hypocalcaemia|hypoglycaemia|hypoglycemia|hyperglycaemia|hyperglycemia|delirium|status epilepticus|asthma attack|acute asthma|exacerbation|pneumothorax|pleural effusion|pulmonary embolism|pulmonary oedema|hypertension|hypotension|hypotensive|hypertensive|tachycardia|tachycardic|bradycardia|bradycardic|syncope|rhabdo\w*|hepatic encephalopathy|ascites|sbp|cirrhosis|alcohol withdrawal|wernicke|dts|delirium tremens|neutropenic|neutropenia|febrile|hypoxia|hypoxic|hypercapnia|acidosis|alkalosis|anion gap|metabolic|thrombolysis|anticoagulat\w*|anticoagulation|bleed risk|transfusion|anaemia|anemia|pneumonia|angina|arrhythmia|hyperthyroid\w*|hypothyroid\w*|thyroid storm|addisonian|adrenal crisis|preeclampsia|pre eclampsia|eclampsia|pph|ectopic|pv bleed|dehydrat\w*|gastroenteritis|constipation|cauda equina|compartment syndrome|fracture|nof|dislocation|sprain|head injury|concussion|subarachnoid|sah|tia|psychosis|psychotic|schizophrenia|bipolar|mania|manic|agitat\w*|rapid tranquil\w*|paracetamol overdose|toxbase|nac|acetylcysteine|c diff|cdiff|c difficile|clostridium|mrsa|esbl|parkinsons|dementia|epilepsy|seizures in|dka|ketoacidosis|hypercalcaemia|hyperparathyroidism|osteoporosis|gout|arthritis|lupus|vasculitis|nephrotic|nephritic|hyperthyroidism|hypothyroidism|cushings|addisons|sickle cell|thalassaemia|lymphoma|leukaemia|leukemia|cancer|malignancy|tumour|chemo|chemotherapy|palliative|end of life care|syringe driver|dnacpr|resus status|ceiling of care",
        // Drugs.
        r"antiemetics?|antihypertensives?|antipsychotics?|antidepressants? (?:for|in|dose)|anticonvulsants?|antiepileptics?|analgesia|analgesics?|opioids?|diuretics?|beta blockers?|ace inhibitors?|ppis?|nsaids?|anticoagulants?|antiplatelets?|bisphosphonates?|benzodiazepines?|benzos|sedation|sedative|inotropes?|vasopressors?|fluid (?:resus|resuscitation|balance|bolus)|how much fluid|maintenance fluids|fidaxomicin|vanc|tpn|maintenance fluids?|nbm|nil by mouth|jaundice\w*|bili|phototherapy|treatment threshold|blood products|ffp|cryo|prothrombin complex|zoledronic|pamidronate|denosumab|antibiotics?|abx|amoxicillin|co amoxiclav|coamoxiclav|augmentin|clarithromycin|doxycycline|gentamicin|vancomycin|tazocin|piperacillin|meropenem|ceftriaxone|cefuroxime|metronidazole|nitrofurantoin|trimethoprim|flucloxacillin|clindamycin|ciprofloxacin|morphine|oxycodone|codeine|tramadol|fentanyl|naloxone|ibuprofen|naproxen|diclofenac|aspirin|clopidogrel|ticagrelor|apixaban|rivaroxaban|edoxaban|dabigatran|warfarin|heparin|enoxaparin|dalteparin|tinzaparin|lmwh|insulin|novorapid|lantus|metformin|gliclazide|furosemide|frusemide|bumetanide|spironolactone|bisoprolol|metoprolol|atenolol|amlodipine|ramipril|lisinopril|losartan|candesartan|digoxin|amiodarone|adenosine|atropine|adrenaline|epinephrine|noradrenaline|salbutamol|ipratropium|prednisolone|hydrocortisone|dexamethasone|methylprednisolone|omeprazole|lansoprazole|ondansetron|metoclopramide|cyclizine|haloperidol|lorazepam|diazepam|midazolam|olanzapine|quetiapine|risperidone|clozapine|lithium|sertraline|citalopram|fluoxetine|mirtazapine|levetiracetam|phenytoin|sodium valproate|valproate|carbamazepine|lamotrigine|levothyroxine|carbimazole|potassium chloride|sando k|calcium gluconate|calcium resonium|magnesium|terlipressin|octreotide|tranexamic|txa|vitamin k|beriplex|alteplase|tenecteplase|statin|atorvastatin|simvastatin|gtn|nitrates?|lactulose|senna|laxatives?|pabrinex|thiamine|chlordiazepoxide|steroids?",
    ])
});

/// The shape of a request for patient-care advice about a patient at hand.
static CARE_QUESTION: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"(?:manage|managing|management|treat|treating|treatment|investigate|investigating|investigations|workup|work up|interpret|interpreting|interpretation|diagnose|diagnosing|diagnosis|differentials?|ddx|escalate|escalation|prescribe|prescribing|assess|assessing|assessment|examine|examination|sedate|sedating|sedation|restrain|restraint|rx|tx|mx|ix|review|refer|referral|discharge|admit|admission|plan|next step|next steps|what next|what now|what to do|what should i do|what do i do|how do i approach|approach)",
        r"(?:does|do|should|would|will|can) (?:he|she|they|the patient|my patient|the pt|pt|patient|him|her|them) (?:\S+ )?(?:need|needs|require|requires|have|get|go|be)|(?:should|can|do|shall) i (?:\S+ )?(?:give|start|stop|hold|withhold|increase|decrease|reduce|double|switch|change|prescribe|refer|discharge|admit|call|escalate|scan|image|repeat|check|send|book)|(?:which|what) (?:meds|medications|medicines|drugs|tablets|antibiotic|antibiotics|fluids|analgesia|painkiller|painkillers) (?:\S+ ){0,3}(?:should|to|can|do|would|for|is)",
        r"(?:safe|safest|contraindicated|ok|okay|best|preferred) (?:to give |to use |to start |to prescribe )?(?:in|for|with) (?:a |an |the |this |my )?(?:\S+ )?(?:patient|pt|pregnancy|pregnant|elderly|renal|liver|child|children|ckd|aki)",
    ])
});

/// A question about one's own health, a course, or a complaint: not patient care.
static NOT_PATIENT_CARE: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"smartcard|smart card|login|log in|epr|access|password|system|practice|practise|practising|practicing|manikin|mannequin|skills|drill|training|course|courses|teaching|session|sessions|simulation|sim|als|ils|bls|impact|alert|exam|exams|mrcp|paces|plab|mrcs|module|elearning|e learning|induction|rotation|rota|lecture|webinar|workshop|certificate|textbook|book|books|app|resource|resources|website|reading list|study|revise|revision|portfolio|logbook|audit|qip|bnf app",
        r"(?:my|my own|i have|i am|i take|i use|i need|i get|i got|i am on|for me|for myself|for my (?:wife|husband|son|daughter|child|kids|family|mum|mother|dad|father|baby)) (?:\S+ ){0,3}(?:prescription|prescriptions|repeat|medication|medicine|medicines|tablets|inhaler|insulin|pill|pills|gp|pharmacy|pharmacist|vaccine|vaccination|jab|diabetes|diabetic|asthma|asthmatic|pregnant|pregnancy|blood pressure|thyroid|contraception)",
        r"(?:can i|ok to|okay to|safe to|should i|is it ok to|is it okay to|is it safe to|can you) take|(?:with|and) my (?:\S+ )?(?:tablets|pills|medication|meds|omeprazole|inhaler|insulin|contraceptive|pill)",
        r"vaccination|vaccinations|vaccine|vaccines|jab|jabs|immunisation|immunisations|occupational health|titre|titres|booster",
        r"(?:prescription|prescriptions) (?:charge|charges|cost|costs|fee|fees|free|exemption|prepayment|certificate|ppc)|(?:free|pay for|cost of|price of|how much) (?:\S+ ){0,2}(?:prescription|prescriptions|medication|medicine)|pharmacy|chemist|boots|superdrug|over the counter|otc|nhs 111|111",
        r"(?:i|i have|i had|i got|i am|i feel|i think i have|i caught|suffering from|down with|sick with|off with|off sick with|my|for my|for me) (?:\S+ ){0,3}(?:asthma|diabetes|diabetic|epilepsy|depression|stroke|seizures|headache|headaches|rash|burn|injury|knee|back|tooth|teeth|eye|eyes|ear|ears|gastroenteritis|dehydrated|dehydration|flu|covid|fever|vomiting|diarrhoea|diarrhea|constipation|constipated|sprain|sprained|fracture|fractured|broke|broken|migraine|infection|uti|cold|cough|asthma|back pain|tooth|toothache|pain|anaemia|anemia|hypertension|tachycardia|palpitations)",
    ])
});

/// Complaints, cover and paperwork about patients: the programme's business, not patient care.
static ABOUT_THE_JOB: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"complain|complains|complaint|complaints|complained|feedback|pals|gmc|indemnity|cover|covered|lawyer|solicitor|claim|sue|sued|suing|legal|mdu|mps|mddus|negligence|datix|incident|tribunal|investigation|unsafe|too many|workload|staffing|rota|shift|shifts|hours|exception report|leave|pay|paid",
    ])
});

/// Strong signs of a specific patient, which win over the "not patient care" contexts.
static PATIENT_AT_HAND: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(&[
        r"patient|pt|gentleman|year old|yr old|\d+ ?yo|\d+ ?y o|bed \d+|bay \d+|in resus|(?:post|pre) ?op|bleeped|bleep about|on call (?:tonight|now) and",
    ])
});

/// Whether a patient is at the centre of the (normalised) text.
pub fn about_a_patient(text: &str) -> bool {
    PATIENT_AT_HAND.matches(text)
}

/// Whether the (normalised) text asks for advice on patient care.
pub fn asks_for_clinical_advice(text: &str) -> bool {
    let patient = PATIENT_AT_HAND.matches(text);
    if CLINICAL_TERMS.matches(text) {
        return patient || !NOT_PATIENT_CARE.matches(text);
    }
    patient && CARE_QUESTION.matches(text) && !ABOUT_THE_JOB.matches(text)
}

#[cfg(test)]
mod tests {
    use super::super::normalise::normalise;
    use super::*;

    fn clinical(text: &str) -> bool {
        asks_for_clinical_advice(&normalise(text))
    }

    #[test]
    fn doses_management_and_results_are_clinical() {
        for message in [
            "how do i treat DKA",
            "what dose of morphine for a 70 kg man",
            "how should i manage a patient with low sodium",
            "which antibiotic for community acquired pneumonia",
            "pt sats 88 on 2L what next",
            "what does ST elevation in V1-V4 mean",
        ] {
            assert!(clinical(message), "{message}");
        }
    }

    #[test]
    fn own_health_courses_and_complaints_are_not_clinical() {
        for message in [
            "how much is a prescription in England",
            "too many patients on my night shift, I feel unsafe",
            "does indemnity cover patient complaints",
            "i am diabetic, how do i get my insulin here",
            "is there an ECG course for new fellows",
            "how do I book the ALS course",
        ] {
            assert!(!clinical(message), "{message}");
        }
    }
}
