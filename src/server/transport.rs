//! The language server's stdio transport: `Content-Length` framed JSON-RPC.
//! Unlike `lsp_server::Connection::stdio`, a malformed message does not end
//! the connection: it is answered with a JSON-RPC error (parse error, or
//! invalid request) and reading goes on.

use std::io::{BufRead, Write};
use std::thread;

use crossbeam_channel::{Receiver, Sender, unbounded};
use lsp_server::{Connection, Message};

/// The threads of the stdio transport; join them after the server loop.
pub struct IoThreads {
    reader: thread::JoinHandle<()>,
    writer: thread::JoinHandle<std::io::Result<()>>,
}

impl IoThreads {
    /// Waits for the writer to flush what the server sent. The reader is
    /// left to end with standard input.
    pub fn join(self) -> std::io::Result<()> {
        drop(self.reader);
        self.writer
            .join()
            .map_err(|_| std::io::Error::other("writer thread panicked"))?
    }
}

/// What the writer writes: a message, or a raw JSON-RPC error the reader
/// answers a malformed message with (its id is null).
enum Out {
    Message(Message),
    Raw(String),
}

/// A connection over standard input and output.
pub fn stdio() -> (Connection, IoThreads) {
    let (to_server, from_client) = unbounded::<Message>();
    let (to_client, outgoing) = unbounded::<Message>();
    let (raw_tx, raw_rx) = unbounded::<String>();
    let writer = thread::Builder::new()
        .name("reportlint-lsp-writer".into())
        .spawn(move || write_loop(outgoing, raw_rx))
        .expect("a thread starts");
    let reader = thread::Builder::new()
        .name("reportlint-lsp-reader".into())
        .spawn(move || {
            let stdin = std::io::stdin();
            read_loop(&mut stdin.lock(), &to_server, &raw_tx);
        })
        .expect("a thread starts");
    (
        Connection {
            sender: to_client,
            receiver: from_client,
        },
        IoThreads { reader, writer },
    )
}

fn write_loop(messages: Receiver<Message>, raw: Receiver<String>) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    loop {
        let next = crossbeam_channel::select! {
            recv(messages) -> m => m.ok().map(Out::Message),
            recv(raw) -> r => match r {
                Ok(r) => Some(Out::Raw(r)),
                // The reader is gone (end of input): only messages remain.
                Err(_) => messages.recv().ok().map(Out::Message),
            },
        };
        match next {
            Some(Out::Message(m)) => m.write(&mut out)?,
            Some(Out::Raw(r)) => {
                write!(out, "Content-Length: {}\r\n\r\n{r}", r.len())?;
                out.flush()?;
            }
            None => return Ok(()),
        }
    }
}

/// Reads messages until the input ends or an `exit` notification.
pub fn read_loop(input: &mut dyn BufRead, to_server: &Sender<Message>, raw: &Sender<String>) {
    loop {
        let body = match read_frame(input) {
            Ok(Some(body)) => body,
            Ok(None) => return,
            Err(Frame::Broken(why)) => {
                // The framing itself is lost: say so and stop reading.
                let _ = raw.send(error_json(-32700, &why));
                return;
            }
            Err(Frame::Skip(why)) => {
                let _ = raw.send(error_json(-32700, &why));
                continue;
            }
        };
        let value: serde_json::Value = match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                let _ = raw.send(error_json(-32700, &format!("JSON 解析失败：{e}")));
                continue;
            }
        };
        match serde_json::from_value::<Message>(value) {
            Ok(m) => {
                let exit = matches!(&m, Message::Notification(n) if n.method == "exit");
                if to_server.send(m).is_err() || exit {
                    return;
                }
            }
            Err(e) => {
                let _ = raw.send(error_json(
                    -32600,
                    &format!("不是有效的 JSON-RPC 消息：{e}"),
                ));
            }
        }
    }
}

/// Why a frame could not be read.
enum Frame {
    /// The body was skipped; the next frame can be read.
    Skip(String),
    /// The stream is out of step.
    Broken(String),
}

fn read_frame(input: &mut dyn BufRead) -> Result<Option<Vec<u8>>, Frame> {
    let mut length: Option<usize> = None;
    let mut line = String::new();
    let mut any = false;
    loop {
        line.clear();
        match input.read_line(&mut line) {
            Ok(0) if !any => return Ok(None),
            Ok(0) => return Err(Frame::Broken("消息头不完整".into())),
            Ok(_) => {}
            Err(e) => return Err(Frame::Broken(format!("无法读取消息头：{e}"))),
        }
        any = true;
        let l = line.trim_end_matches(['\r', '\n']);
        if l.is_empty() {
            break;
        }
        if let Some((name, value)) = l.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().ok();
        }
    }
    let Some(n) = length else {
        return Err(Frame::Broken("缺少 Content-Length 消息头".into()));
    };
    if n > 256 << 20 {
        return Err(Frame::Broken(format!("消息过大（{n} 字节）")));
    }
    let mut body = vec![0; n];
    input
        .read_exact(&mut body)
        .map_err(|e| Frame::Broken(format!("消息体不完整：{e}")))?;
    if std::str::from_utf8(&body).is_err() {
        return Err(Frame::Skip("消息不是 UTF-8 文本".into()));
    }
    Ok(Some(body))
}

/// A JSON-RPC error response with a null id.
fn error_json(code: i32, message: &str) -> String {
    serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": code, "message": message },
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn malformed_messages_are_answered_and_reading_goes_on() {
        let input = [
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","params":{}}"#),
            frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
        ]
        .concat();
        let (tx, rx) = unbounded();
        let (raw_tx, raw_rx) = unbounded();
        read_loop(&mut std::io::Cursor::new(input), &tx, &raw_tx);
        let errors: Vec<String> = raw_rx.try_iter().collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].contains("-32700") && errors[0].contains("\"id\":null"));
        assert!(errors[1].contains("-32600"));
        let got: Vec<Message> = rx.try_iter().collect();
        assert!(matches!(&got[..], [Message::Notification(n)] if n.method == "initialized"));
    }
}
