//! One searchable field (keys, or body) as an inverted index. The `bm25` crate's embedder gives
//! each document's BM25 term weights; postings lists then let a question touch only the
//! documents that contain its terms (the crate's own scorer scans every document's term list
//! per query term, which is slow at 500 articles).

use std::collections::HashMap;

use bm25::{Embedder, EmbedderBuilder, TokenEmbedder};

use super::analyzer::Analyzer;

/// Term weights per document, looked up by term.
#[derive(Debug)]
pub struct FieldIndex {
    postings: HashMap<u32, Vec<(usize, f32)>>,
    documents: usize,
}

impl FieldIndex {
    /// Indexes `corpus`; document ids are positions in it.
    pub fn build(analyzer: &Analyzer, corpus: &[String]) -> Self {
        let refs: Vec<&str> = corpus.iter().map(String::as_str).collect();
        let embedder: Embedder<u32, Analyzer> =
            EmbedderBuilder::with_tokenizer_and_fit_to_corpus(analyzer.clone(), &refs).build();
        let mut postings: HashMap<u32, Vec<(usize, f32)>> = HashMap::new();
        for (document, text) in corpus.iter().enumerate() {
            // The embedding repeats a term for every occurrence, each with the same weight.
            for token in embedder.embed(text).0 {
                let list = postings.entry(token.index).or_default();
                if list.last().is_none_or(|(last, _)| *last != document) {
                    list.push((document, token.value));
                }
            }
        }
        Self {
            postings,
            documents: corpus.len(),
        }
    }

    /// The term's index in the embedding space.
    pub fn term_id(term: &str) -> u32 {
        <u32 as TokenEmbedder>::embed(term)
    }

    /// Adds `weight` × BM25 score of each document for `terms` (unique term ids) to `scores`.
    pub fn add_scores(&self, terms: &[u32], weight: f32, scores: &mut HashMap<usize, f32>) {
        for term in terms {
            let Some(list) = self.postings.get(term) else {
                continue;
            };
            let idf = self.idf(list.len());
            for (document, value) in list {
                *scores.entry(*document).or_default() += weight * idf * value;
            }
        }
    }

    /// Inverse document frequency, as BM25 (and the `bm25` crate's scorer) defines it.
    fn idf(&self, containing: usize) -> f32 {
        let n = self.documents as f32;
        let containing = containing as f32;
        (1.0 + (n - containing + 0.5) / (containing + 0.5)).ln()
    }
}
