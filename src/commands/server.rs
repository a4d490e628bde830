//! `reportlint server`: the language server over stdio (see
//! [`reportlint::server`]). Settings come from the client
//! (`initializationOptions` or `workspace/configuration`), not from flags.

use clap::Args;

use super::Failure;

#[derive(Args)]
pub(crate) struct ServerArgs {}

pub(crate) fn server(_: ServerArgs) -> Result<u8, Failure> {
    match reportlint::server::run_stdio() {
        Ok(true) => Ok(0),
        Ok(false) => Ok(1),
        Err(e) => Err(Failure::Usage(format!("语言服务器出错：{e}"))),
    }
}
