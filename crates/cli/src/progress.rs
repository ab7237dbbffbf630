//! Progress bars for long commands: drawn on a terminal, silent otherwise (pipes, CI).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jalin_app::registry::Progress;
use std::io::IsTerminal;

pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    pub fn new() -> Self {
        let target = if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        if let Ok(style) = ProgressStyle::with_template("{msg:>18} [{bar:40}] {pos}/{len} ({elapsed})") {
            bar.set_style(style.progress_chars("=> "));
        }
        Self { bar }
    }

    pub fn update(&self, p: Progress) {
        self.bar.set_message(p.stage);
        self.bar.set_length(p.total as u64);
        self.bar.set_position(p.done as u64);
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
