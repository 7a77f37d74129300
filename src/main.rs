//! The `tonghop` binary: parses the command line, runs one subcommand, maps
//! its result to an exit code. All the work is in the library and `cmd/`.

mod cli;
mod cmd;
mod config;

use std::io::Write;

use tonghop::ExitCode;

fn main() -> std::process::ExitCode {
    limit_malloc_arenas();
    quiet_reader_panics();
    // Help and version go to stdout with code 0; usage errors exit 2.
    let cli = match cli::parse(std::env::args_os()) {
        cli::Parsed::Run(c) => c,
        cli::Parsed::Print(text) => {
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            return ExitCode::Done.into();
        }
        cli::Parsed::Usage(text) => {
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
            return ExitCode::Usage.into();
        }
    };
    let result = match &cli.command {
        cli::Command::Run(a) => cmd::run::run(a),
        cli::Command::Check(a) => cmd::check::run(a),
        cli::Command::Forms(a) => cmd::forms::run(a),
        cli::Command::Status(a) => cmd::status::run(a),
    };
    match result {
        Ok(code) => code.into(),
        Err(e) => {
            tonghop::messages::eprint_error(&e);
            e.exit_code().into()
        }
    }
}

/// glibc gives each new thread its own malloc arena, up to eight per core:
/// the data kept from thousands of reports ended up spread over a dozen
/// arenas, each holding the freed room of the reads around it. One arena
/// per core keeps the same speed and a fifth less memory (at 5,000 reports
/// 824 MB instead of 1,004 MB at the peak; `bench/README.md`).
/// Called before any thread starts; glibc's own `MALLOC_ARENA_MAX`, when
/// set, is left to decide.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get().max(2));
        let arenas = libc::c_int::try_from(cores).unwrap_or(libc::c_int::MAX);
        // SAFETY: mallopt only changes a malloc setting; it is called once,
        // before the program starts any thread, with a valid parameter.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, arenas);
        }
    }
}

/// A panic inside the workbook reader is caught and becomes finding F01;
/// its message would only alarm the clerk, so it is kept off the terminal.
/// Any other panic (a bug in the tool) prints as usual.
fn quiet_reader_panics() {
    let standard = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some(tonghop::read::READ_THREAD) {
            standard(info);
        }
    }));
}
