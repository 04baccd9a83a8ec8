//! Builds the option index in the background when the server starts: every host's
//! options (NixOS's own, when the flake's nixpkgs is on disk), read from the on-disk
//! index when it holds them, else evaluated and written there, so that hover and
//! completion on options answer at once afterwards. Progress goes to the client as
//! `$/progress` (created with `window/workDoneProgress/create`) when it supports it,
//! else to the log.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use tower_lsp_server::ls_types as lsp;

use qg_ide::{Analysis, Cancelled};

use crate::outbox::{Outbox, Outgoing, Progress};

/// The token of the index's progress.
pub const TOKEN: &str = "qg/option-index";

/// Runs on a pool thread: each host's options, with progress. An edit that cancels it
/// ends the progress early; the hosts left are then evaluated when first asked.
pub fn build(flakes: Vec<Analysis>, outbox: Outbox, progress: bool) {
    let started = Instant::now();
    let say = |p: Progress| {
        if progress {
            outbox.send(Outgoing::Progress(p));
        }
    };
    say(Progress::Create);
    say(Progress::Begin {
        title: "qg: option index".to_string(),
        message: "reading the hosts".to_string(),
    });
    let run = catch_unwind(AssertUnwindSafe(|| {
        Cancelled::catch(AssertUnwindSafe(|| {
            let hosts: Vec<(usize, String)> = flakes
                .iter()
                .enumerate()
                .flat_map(|(i, a)| a.host_names().into_iter().map(move |h| (i, h)))
                .collect();
            let mut options = 0;
            for (done, (i, host)) in hosts.iter().enumerate() {
                say(Progress::Report {
                    message: format!("{host} ({}/{})", done + 1, hosts.len()),
                    percentage: (done * 100 / hosts.len().max(1)) as u32,
                });
                options += flakes[*i].option_count(host);
            }
            (hosts.len(), options)
        }))
    }));
    let message = match run {
        Ok(Ok((hosts, options))) => format!(
            "{options} options of {hosts} hosts in {:.0} ms",
            started.elapsed().as_secs_f64() * 1000.0
        ),
        Ok(Err(_)) => "interrupted by an edit; the rest is built when asked".to_string(),
        Err(panic) => format!("internal error: {}", crate::pool::panic_message(&*panic)),
    };
    outbox.log(
        lsp::MessageType::INFO,
        format!("qg: option index: {message}"),
    );
    say(Progress::End { message });
}
