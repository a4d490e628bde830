//! `reportlint rules` and `reportlint explain`: what the rules are.

use clap::Args;

use reportlint::output;

use super::{Failure, ListFormat, PackArgs, print_out, rules_here};

#[derive(Args)]
pub(crate) struct RulesArgs {
    #[command(flatten)]
    pub(crate) packs: PackArgs,
    /// 输出格式。
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub(crate) format: ListFormat,
}

#[derive(Args)]
pub(crate) struct ExplainArgs {
    /// 规则 ID（如 standard-term）、词库中的某一写法，或聚焦框架名。
    #[arg(value_name = "规则")]
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
        None => {
            let ids: Vec<String> = rules.metas().iter().map(|m| m.id.to_string()).collect();
            let hint =
                reportlint::source::yaml_error::nearest(&args.rule, ids.iter().map(String::as_str))
                    .map_or(String::new(), |n| format!("是否想写“{n}”？"));
            Err(Failure::Usage(format!(
                "没有ID为“{}”的规则，词库中也没有这一写法，也不是内置聚焦框架（{}）；{hint}`reportlint rules` 列出全部规则",
                args.rule,
                reportlint::analysis::frameworks::names()
            )))
        }
    }
}
