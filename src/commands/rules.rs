//! `reportlint rules` and `reportlint explain`: what the rules are.

use clap::Args;

use reportlint::output;

use super::{Failure, ListFormat, PackArgs, print_out, rules_here};

#[derive(Args)]
pub(crate) struct RulesArgs {
    #[command(flatten)]
    pub(crate) packs: PackArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub(crate) format: ListFormat,
}

#[derive(Args)]
pub(crate) struct ExplainArgs {
    /// A rule id (e.g. standard-term) or a wrong wording from the lexicon.
    pub(crate) rule: String,
    #[command(flatten)]
    pub(crate) packs: PackArgs,
}

pub(crate) fn rules(args: RulesArgs) -> Result<u8, Failure> {
    let rules = rules_here(&args.packs)?;
    print_out(&output::rules_list::render(
        &rules,
        args.format == ListFormat::Json,
    ));
    Ok(0)
}

pub(crate) fn explain(args: ExplainArgs) -> Result<u8, Failure> {
    let rules = rules_here(&args.packs)?;
    match output::rules_list::explain(&rules, &args.rule) {
        Some(text) => {
            print_out(&text);
            Ok(0)
        }
        None => Err(Failure::Usage(format!(
            "没有ID为“{}”的规则，词库中也没有这一写法，也不是内置聚焦框架（{}）；`reportlint rules` 列出全部规则",
            args.rule,
            reportlint::rules::frameworks::names()
        ))),
    }
}
