//! Answer latency: how long one free-text question takes to answer (intent check, spelling,
//! ranking, decision), over the real content and over a synthetic 500-article knowledge base.
//! Criterion reports the mean; the p50 and p99 per question are printed before it.

// Test and benchmark code may stop at the first surprise.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use fellowship_bot::config::DEFAULT_TRUSTS;
use fellowship_bot::faq::KnowledgeBase;
use fellowship_bot::faq::answers::answer_question;
use fellowship_bot::faq::evaluation::parse_labelled;

fn trusts() -> Vec<String> {
    DEFAULT_TRUSTS.iter().map(|t| t.to_string()).collect()
}

fn real_content() -> KnowledgeBase {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    KnowledgeBase::load_dir(&dir, &trusts()).expect("the shipped content loads")
}

fn questions() -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("eval/holdout_questions.tsv");
    let text = std::fs::read_to_string(path).expect("the held-out questions");
    parse_labelled(&text)
        .expect("well formed")
        .into_iter()
        .map(|c| c.question)
        .collect()
}

/// 500 articles made of the real articles' words, in a fixed pseudo-random order.
fn synthetic_content(real: &KnowledgeBase, articles: usize) -> KnowledgeBase {
    let words: Vec<String> = real
        .articles()
        .iter()
        .flat_map(|a| {
            format!("{} {}", a.summary, a.details)
                .split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|w| w.chars().all(char::is_alphabetic) && w.len() > 3)
        .collect();
    let mut seed: u64 = 0x5eed;
    let mut next = move |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    };
    let sources: Vec<(String, String)> = (0..articles)
        .map(|i| {
            let mut pick = |count: usize| (0..count).map(|_| words[next(words.len())].clone()).collect::<Vec<_>>().join(" ");
            let title = pick(4);
            let aliases: Vec<String> = (0..8).map(|_| format!("\"{} {}\"", pick(1), i)).collect();
            let text = format!(
                "+++\nid = \"topic-{i}\"\ntitle = \"{title}\"\ncommand = \"topic{i}\"\naliases = [{}]\ncategory = \"education\"\nlast_reviewed = \"2026-11-24\"\n+++\n\n{}\n\n## Details\n{}\n",
                aliases.join(", "),
                pick(90),
                pick(300)
            );
            (format!("topic-{i}.md"), text)
        })
        .collect();
    KnowledgeBase::from_sources(&sources, &trusts()).expect("synthetic content is valid")
}

fn percentiles(base: &KnowledgeBase, questions: &[String], label: &str) {
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..20 {
        for question in questions {
            let start = Instant::now();
            black_box(answer_question(base, black_box(question)));
            times.push(start.elapsed());
        }
    }
    times.sort();
    let at = |p: f64| times[((times.len() as f64 - 1.0) * p) as usize];
    println!(
        "{label}: {} answers, p50 {:?}, p99 {:?}, max {:?}",
        times.len(),
        at(0.50),
        at(0.99),
        times.last().copied().unwrap_or_default()
    );
}

fn answer_latency(c: &mut Criterion) {
    let real = real_content();
    let synthetic = synthetic_content(&real, 500);
    let questions = questions();
    percentiles(&real, &questions, "real content (29 articles)");
    percentiles(&synthetic, &questions, "synthetic content (500 articles)");

    let mut group = c.benchmark_group("answer one question");
    for (name, base) in [("real content", &real), ("500 articles", &synthetic)] {
        let mut i = 0;
        group.bench_function(name, |b| {
            b.iter(|| {
                i = (i + 1) % questions.len();
                answer_question(base, black_box(&questions[i]))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, answer_latency);
criterion_main!(benches);
