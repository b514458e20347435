//! `--help` in the language of the run. The English is clap's, from the doc comments of
//! [`super::args`]; the French is the catalog's (`locales/fr.ftl`): `cli-<command>` for what
//! a command does, `cli-<command>--<argument>` for an argument, else `cli--<argument>` for
//! one that several commands share; the headings, clap's flags and its `help` command too.
//! A test holds the French catalog to every command and argument.

use clap::{Arg, Command, CommandFactory};

use crate::i18n::{Lang, say};

/// The command line of convgen, its help in `lang`.
pub fn command(lang: Lang) -> Command {
    let mut command = super::args::Args::command();
    if lang == Lang::En {
        return command;
    }
    // Built first, so that clap's own `--help`, `--version` and `help` are there to translate.
    command.build();
    french(command, "convgen")
}

/// Clap's words, in French typography.
const TEMPLATE: &str =
    "{before-help}{about-with-newline}\nUtilisation\u{a0}: {usage}\n\n{all-args}{after-help}";
const COMMANDS: &str = "Commandes\u{a0}";
const ARGUMENTS: &str = "Arguments\u{a0}";
const OPTIONS: &str = "Options\u{a0}";

fn french(command: Command, path: &str) -> Command {
    let mut command = command
        .help_template(TEMPLATE)
        .subcommand_help_heading(COMMANDS);
    if let Some(about) = french_text(&[format!("cli-{path}")]) {
        command = command.about(about).long_about(None);
    }
    let ids: Vec<String> = (command.get_arguments())
        .map(|arg| arg.get_id().to_string())
        .collect();
    for id in ids {
        command = command.mut_arg(&id, |arg| french_arg(arg, path));
    }
    let names: Vec<String> = (command.get_subcommands())
        .map(|sub| sub.get_name().to_string())
        .collect();
    for name in names {
        let path = format!("{path}-{name}");
        command = command.mut_subcommand(&name, |sub| french(sub, &path));
    }
    command
}

fn french_arg(arg: Arg, path: &str) -> Arg {
    let heading = if arg.is_positional() {
        ARGUMENTS
    } else {
        OPTIONS
    };
    let arg = arg.help_heading(heading);
    let Some(mut help) = french_text(&arg_ids(&arg, path)) else {
        return arg;
    };
    // Clap says these in English: said here, and clap's hidden.
    let values: Vec<_> = (arg.get_possible_values().into_iter())
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !values.is_empty() && !arg.is_hide_possible_values_set() {
        help.push_str(&format!(" [valeurs\u{a0}: {}]", values.join(", ")));
    }
    let default: Vec<_> = (arg.get_default_values().iter())
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !default.is_empty() && !arg.is_hide_default_value_set() && arg.get_action().takes_values() {
        help.push_str(&format!(" [par défaut\u{a0}: {}]", default.join(", ")));
    }
    (arg.help(help).long_help(None))
        .hide_possible_values(true)
        .hide_default_value(true)
}

/// The catalog ids an argument's French may stand under, the most particular first: the
/// command's own, the one several commands share, the program's (for `--lang` and the other
/// options every command takes).
fn arg_ids(arg: &Arg, path: &str) -> Vec<String> {
    let id = arg.get_id().as_str();
    vec![
        format!("cli-{path}--{id}"),
        format!("cli--{id}"),
        format!("cli-convgen--{id}"),
    ]
}

/// The first of `ids` the French catalog has.
fn french_text(ids: &[String]) -> Option<String> {
    ids.iter().find_map(|id| {
        let text = say(id, Lang::Fr);
        (text != **id).then_some(text)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and every argument with a help in English has one in French, and the
    /// catalog has no `cli-` text that nothing uses.
    #[test]
    fn every_help_has_its_french() {
        let mut command = super::super::args::Args::command();
        command.build();
        let (mut missing, mut used) = (Vec::new(), Vec::new());
        walk(&command, "convgen", &mut missing, &mut used);
        assert!(missing.is_empty(), "no French for {missing:#?}");
        let catalog = crate::i18n::catalog(Lang::Fr);
        let unused: Vec<_> = (catalog.lines())
            .filter_map(|line| line.split_once(" = ").map(|(id, _)| id.trim()))
            .filter(|id| id.starts_with("cli-") && !used.iter().any(|u| u == id))
            .collect();
        assert!(unused.is_empty(), "unused: {unused:?}");
    }

    fn walk(command: &Command, path: &str, missing: &mut Vec<String>, used: &mut Vec<String>) {
        let mut find = |ids: &[String], english: bool| {
            let found = ids.iter().find(|id| say(id, Lang::Fr) != **id);
            match found {
                Some(id) => used.push(id.clone()),
                None if english => missing.push(ids[0].clone()),
                None => {}
            }
        };
        find(&[format!("cli-{path}")], command.get_about().is_some());
        for arg in command.get_arguments() {
            find(&arg_ids(arg, path), arg.get_help().is_some());
        }
        // Clap's `help` command lists the others again, for completion only.
        for sub in command
            .get_subcommands()
            .filter(|_| !path.ends_with("-help"))
        {
            walk(sub, &format!("{path}-{}", sub.get_name()), missing, used);
        }
    }
}
