//! `qg-fleetgen OUT_DIR --hosts N --services M --secrets K [--desktop-modules D]`
//! or `qg-fleetgen OUT_DIR --modules TOTAL`: writes a synthetic fleet.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use qg_fleetgen::{generate, FleetShape};

const USAGE: &str = "\
usage: qg-fleetgen OUT_DIR --hosts N --services M --secrets K [--desktop-modules D]
       qg-fleetgen OUT_DIR --modules TOTAL [--hosts N] [--services M] [--secrets K] [--desktop-modules D]

Writes a deterministic synthetic NixOS fleet into OUT_DIR (emptied first if it
already holds a fleet). --modules picks a realistic split with about TOTAL .nix
files; explicit counts override parts of it.";

/// The parsed command line.
struct Request {
    out_dir: PathBuf,
    shape: FleetShape,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|arg| arg == "-h" || arg == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    match parse_args(&args) {
        Ok(request) => run(&request),
        Err(message) => {
            eprintln!("qg-fleetgen: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(request: &Request) -> ExitCode {
    let started = Instant::now();
    match generate(&request.out_dir, &request.shape) {
        Ok(fleet) => {
            println!(
                "wrote {} .nix files ({} hosts, {} services, {} secrets) to {} in {} ms",
                fleet.nix_files,
                fleet.hosts.len(),
                fleet.services,
                fleet.secrets,
                fleet.root.display(),
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("qg-fleetgen: {}: {error}", request.out_dir.display());
            ExitCode::FAILURE
        }
    }
}

/// Counts given on the command line; `None` where the flag was absent.
#[derive(Default)]
struct Counts {
    modules: Option<usize>,
    hosts: Option<usize>,
    services: Option<usize>,
    secrets: Option<usize>,
    desktop_modules: Option<usize>,
}

fn parse_args(args: &[String]) -> Result<Request, String> {
    let mut out_dir = None;
    let mut counts = Counts::default();
    let mut remaining = args.iter();
    while let Some(arg) = remaining.next() {
        if !arg.starts_with("--") {
            if out_dir.replace(PathBuf::from(arg)).is_some() {
                return Err(format!("unexpected argument `{arg}`"));
            }
            continue;
        }
        let value = remaining
            .next()
            .ok_or_else(|| format!("{arg} needs a value"))?;
        let slot = count_slot(&mut counts, arg)?;
        *slot = Some(parse_count(arg, value)?);
    }
    let out_dir = out_dir.ok_or("missing OUT_DIR")?;
    Ok(Request {
        out_dir,
        shape: shape_from(&counts)?,
    })
}

fn count_slot<'a>(counts: &'a mut Counts, flag: &str) -> Result<&'a mut Option<usize>, String> {
    match flag {
        "--modules" => Ok(&mut counts.modules),
        "--hosts" => Ok(&mut counts.hosts),
        "--services" => Ok(&mut counts.services),
        "--secrets" => Ok(&mut counts.secrets),
        "--desktop-modules" => Ok(&mut counts.desktop_modules),
        _ => Err(format!("unknown flag {flag}")),
    }
}

fn parse_count(flag: &str, value: &str) -> Result<usize, String> {
    value
        .parse()
        .map_err(|_| format!("{flag} expects a non-negative integer, got `{value}`"))
}

fn shape_from(counts: &Counts) -> Result<FleetShape, String> {
    if let Some(total) = counts.modules {
        let base = FleetShape::with_modules(total);
        return Ok(FleetShape {
            hosts: counts.hosts.unwrap_or(base.hosts),
            service_modules: counts.services.unwrap_or(base.service_modules),
            secrets: counts.secrets.unwrap_or(base.secrets),
            desktop_modules: counts.desktop_modules.unwrap_or(base.desktop_modules),
        });
    }
    let required = |count: Option<usize>, flag: &str| count.ok_or(format!("missing {flag}"));
    Ok(FleetShape {
        hosts: required(counts.hosts, "--hosts")?,
        service_modules: required(counts.services, "--services")?,
        secrets: required(counts.secrets, "--secrets")?,
        desktop_modules: counts.desktop_modules.unwrap_or(0),
    })
}
