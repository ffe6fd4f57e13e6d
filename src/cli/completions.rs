//! `accord completions SHELL` and `accord man`: generated from the clap definition.

use clap::CommandFactory;

use crate::cli::{Cli, OK};
use crate::error::{Error, Result};

/// Print a shell completion script.
///
/// Example: accord completions bash > ~/.local/share/bash-completion/completions/accord
#[derive(Debug, clap::Args)]
pub struct Args {
    pub shell: clap_complete::Shell,
}

pub fn run(a: Args) -> Result<i32> {
    let mut cmd = Cli::command();
    clap_complete::generate(a.shell, &mut cmd, "accord", &mut std::io::stdout());
    Ok(OK)
}

/// Print the manual page (roff).
///
/// Example: accord man > accord.1 && man ./accord.1
#[derive(Debug, clap::Args)]
pub struct ManArgs {}

pub fn man(_a: ManArgs) -> Result<i32> {
    let page = clap_mangen::Man::new(Cli::command());
    page.render(&mut std::io::stdout())
        .map_err(|e| Error::Store(format!("cannot write the manual page: {e}")))?;
    Ok(OK)
}
