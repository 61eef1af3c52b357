//! Feedback after sessions (Situation–Behaviour–Impact): the leads' quality-improvement chart.
pub mod chart;
