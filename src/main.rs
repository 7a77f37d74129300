//! The `tonghop` binary: parses the command line, runs one subcommand, maps
//! its result to an exit code. All the work is in the library and `cmd/`.

mod cli;
mod cmd;
mod config;

use std::io::Write;

use tonghop::ExitCode;

fn main() -> std::process::ExitCode {
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
