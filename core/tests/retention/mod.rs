//! The retention models, their evaluation, the renewal model and the RFM summary.

mod evaluate;
mod models;
mod renewal;
mod rfm;
