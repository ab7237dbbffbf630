//! An SMTP server for tests, on a loopback port chosen by the system: it speaks just
//! enough ESMTP (EHLO/HELO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT) for a client
//! to deliver, and records every message as received. A message is recorded before its
//! DATA is acknowledged, so once the client's send returns, the message is here.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// One delivered message.
#[derive(Debug, Clone, Default)]
pub struct Received {
    /// The envelope sender (MAIL FROM), without angle brackets.
    pub from: String,
    /// The envelope recipients (RCPT TO).
    pub to: Vec<String>,
    /// The user and password of an AUTH PLAIN on the connection, if there was one.
    pub auth: Option<(String, String)>,
    /// The message as sent, dot-stuffing undone.
    pub data: Vec<u8>,
}

impl Received {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }
}

pub struct SmtpSink {
    pub addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    task: JoinHandle<()>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the SMTP sink");
        let addr = listener.local_addr().expect("the SMTP sink's address");
        let received = Arc::new(Mutex::new(Vec::new()));
        let store = received.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let store = store.clone();
                tokio::spawn(async move {
                    let (reader, writer) = stream.into_split();
                    // A client that goes away mid-session just ends its session.
                    let _ = session(BufReader::new(reader), writer, store).await;
                });
            }
        });
        SmtpSink { addr, received, task }
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Every message received so far.
    pub fn messages(&self) -> Vec<Received> {
        self.received.lock().expect("the sink's messages").clone()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn session<R, W>(mut reader: BufReader<R>, mut writer: W, store: Arc<Mutex<Vec<Received>>>) -> std::io::Result<()>
where
    R: AsyncRead + Unpin,
    W: AsyncWriteExt + Unpin,
{
    writer.write_all(b"220 sink.test ESMTP test sink\r\n").await?;
    let mut current = Received::default();
    let mut auth = None;
    loop {
        let Some(line) = read_line(&mut reader).await? else {
            return Ok(());
        };
        let upper = line.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-sink.test\r\n250-8BITMIME\r\n250-AUTH PLAIN\r\n250 OK\r\n"
        } else if upper.starts_with("HELO") || upper.starts_with("NOOP") {
            b"250 OK\r\n"
        } else if upper.starts_with("AUTH PLAIN") {
            let initial = line.get("AUTH PLAIN".len()..).unwrap_or_default().trim().to_owned();
            let encoded = if initial.is_empty() {
                writer.write_all(b"334 \r\n").await?;
                read_line(&mut reader).await?.unwrap_or_default()
            } else {
                initial
            };
            auth = decode_plain(&encoded);
            if auth.is_some() {
                b"235 2.7.0 Authentication successful\r\n"
            } else {
                b"535 5.7.8 Bad credentials\r\n"
            }
        } else if upper.starts_with("MAIL FROM:") {
            current = Received {
                from: address(&line["MAIL FROM:".len()..]),
                auth: auth.clone(),
                ..Default::default()
            };
            b"250 OK\r\n"
        } else if upper.starts_with("RCPT TO:") {
            current.to.push(address(&line["RCPT TO:".len()..]));
            b"250 OK\r\n"
        } else if upper == "DATA" {
            writer.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await?;
            current.data = read_data(&mut reader).await?;
            store
                .lock()
                .expect("the sink's messages")
                .push(std::mem::take(&mut current));
            b"250 OK queued\r\n"
        } else if upper == "RSET" {
            current = Received::default();
            b"250 OK\r\n"
        } else if upper == "QUIT" {
            writer.write_all(b"221 Bye\r\n").await?;
            return Ok(());
        } else {
            b"502 Command not implemented\r\n"
        };
        writer.write_all(reply).await?;
    }
}

/// One command line without its line end; `None` when the client closed.
async fn read_line<R: AsyncRead + Unpin>(reader: &mut BufReader<R>) -> std::io::Result<Option<String>> {
    let mut line = Vec::new();
    if reader.read_until(b'\n', &mut line).await? == 0 {
        return Ok(None);
    }
    Ok(Some(
        String::from_utf8_lossy(&line).trim_end_matches(['\r', '\n']).to_owned(),
    ))
}

/// The message after DATA, up to the line with a single dot (RFC 5321 4.5.2).
async fn read_data<R: AsyncRead + Unpin>(reader: &mut BufReader<R>) -> std::io::Result<Vec<u8>> {
    let mut data = Vec::new();
    loop {
        let mut line = Vec::new();
        if reader.read_until(b'\n', &mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == b".\r\n" || line == b".\n" {
            return Ok(data);
        }
        let start = usize::from(line.first() == Some(&b'.'));
        data.extend_from_slice(&line[start..]);
    }
}

/// `<a@b> SIZE=…` → `a@b`.
fn address(arg: &str) -> String {
    let arg = arg.trim();
    let end = arg.find('>').map_or(arg.len(), |i| i + 1);
    arg[..end].trim_matches(['<', '>']).to_owned()
}

/// AUTH PLAIN's `base64(authzid NUL user NUL password)`.
fn decode_plain(encoded: &str) -> Option<(String, String)> {
    let bytes = decode_base64(encoded)?;
    let text = String::from_utf8(bytes).ok()?;
    let mut parts = text.split('\0');
    let _authzid = parts.next()?;
    Some((parts.next()?.to_owned(), parts.next()?.to_owned()))
}

fn decode_base64(text: &str) -> Option<Vec<u8>> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.trim_end_matches('=').bytes() {
        let value = ALPHABET.iter().position(|a| *a == c)?;
        buffer = (buffer << 6) | u32::try_from(value).ok()?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buffer >> bits) & 0xff).ok()?);
        }
    }
    Some(out)
}
