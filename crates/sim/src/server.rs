//! One device's SSH server: the accept loop, authentication and channel dispatch.

use std::sync::Arc;
use std::time::Duration;

use russh::keys::PrivateKey;
use russh::server::{Auth, ChannelOpenHandle, Handler, Msg, Response, Session, VerifiedPublicKey};
use russh::{Channel, ChannelId, MethodKind, MethodSet};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::shell::{run_channel, Conn};
use super::{Fault, SimDevice, SimOptions};

/// Accepts connections for one device until `cancel`; every connection runs in its own task
/// and is closed when `cancel` fires.
pub(crate) fn spawn_listener(
    listener: TcpListener,
    device: Arc<SimDevice>,
    host_keys: Vec<PrivateKey>,
    options: Arc<SimOptions>,
    cancel: CancellationToken,
) -> JoinHandle<()> {
    let config = Arc::new(russh::server::Config {
        server_id: russh::SshId::Standard(server_id(&device).into()),
        methods: if options.keyboard_interactive_only {
            MethodSet::from(&[MethodKind::PublicKey, MethodKind::KeyboardInteractive][..])
        } else {
            MethodSet::from(
                &[
                    MethodKind::Password,
                    MethodKind::PublicKey,
                    MethodKind::KeyboardInteractive,
                ][..],
            )
        },
        auth_rejection_time: options.auth_rejection_time,
        auth_rejection_time_initial: Some(Duration::ZERO),
        keys: host_keys,
        inactivity_timeout: Some(Duration::from_secs(3600)),
        nodelay: true,
        ..Default::default()
    });
    tokio::spawn(async move {
        loop {
            let accepted = tokio::select! {
                () = cancel.cancelled() => return,
                r = listener.accept() => r,
            };
            match accepted {
                Ok((stream, _peer)) => {
                    let conn = serve_connection(
                        stream,
                        config.clone(),
                        device.clone(),
                        options.clone(),
                        cancel.clone(),
                    );
                    tokio::spawn(conn);
                }
                // Out of file descriptors and the like: back off instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    })
}

/// The SSH identification string a device sends.
fn server_id(device: &SimDevice) -> String {
    match device.platform {
        fleetlic_parsers::Platform::NxOs => "SSH-2.0-OpenSSH_8.3 PKIX[12.5.1]".to_string(),
        _ => "SSH-2.0-Cisco-1.25".to_string(),
    }
}

/// Runs one SSH connection until it ends or the fleet stops.
async fn serve_connection(
    stream: TcpStream,
    config: Arc<russh::server::Config>,
    device: Arc<SimDevice>,
    options: Arc<SimOptions>,
    cancel: CancellationToken,
) {
    // A second handle on the socket lets a fault (or shutdown) cut the TCP connection.
    let Ok(std_stream) = stream.into_std() else {
        return;
    };
    let Ok(socket) = std_stream.try_clone() else {
        return;
    };
    let socket = Arc::new(socket);
    let Ok(stream) = TcpStream::from_std(std_stream) else {
        return;
    };
    let handler = SimHandler {
        device,
        options,
        socket: socket.clone(),
    };
    tokio::select! {
        () = cancel.cancelled() => {}
        _ = async move {
            if let Ok(session) = russh::server::run_stream(config, stream, handler).await {
                let _ = session.await;
            }
        } => {}
    }
    let _ = socket.shutdown(std::net::Shutdown::Both);
}

/// Per-connection russh handler.
struct SimHandler {
    device: Arc<SimDevice>,
    options: Arc<SimOptions>,
    socket: Arc<std::net::TcpStream>,
}

impl SimHandler {
    fn auth_fails(&self) -> bool {
        self.device.has(Fault::AuthFail)
    }

    fn password_ok(&self, user: &str, password: &[u8]) -> bool {
        !self.auth_fails()
            && user == self.options.username
            && password == self.options.password.as_bytes()
    }
}

impl Handler for SimHandler {
    type Error = russh::Error;

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Self::Error> {
        Ok(Auth::reject())
    }

    async fn auth_password(&mut self, user: &str, password: &str) -> Result<Auth, Self::Error> {
        Ok(
            if !self.options.keyboard_interactive_only
                && self.password_ok(user, password.as_bytes())
            {
                Auth::Accept
            } else {
                Auth::reject()
            },
        )
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        user: &str,
        _submethods: &str,
        response: Option<Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        if self.auth_fails() {
            return Ok(Auth::reject());
        }
        match response {
            None => Ok(Auth::Partial {
                name: "".into(),
                instructions: "".into(),
                prompts: vec![("Password: ".into(), false)].into(),
            }),
            Some(mut answers) => {
                let first = answers.next();
                let ok = first.is_some_and(|a| self.password_ok(user, &a));
                Ok(if ok { Auth::Accept } else { Auth::reject() })
            }
        }
    }

    async fn auth_publickey_offered(
        &mut self,
        user: &str,
        offer: russh::server::PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(if self.key_ok(user, offer.public_key) {
            Auth::Accept
        } else {
            Auth::reject()
        })
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(if self.key_ok(user, key.public_key) {
            Auth::Accept
        } else {
            Auth::reject()
        })
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        reply.accept().await;
        let conn = Conn {
            device: self.device.clone(),
            options: self.options.clone(),
            socket: self.socket.clone(),
            session: session.handle(),
        };
        tokio::spawn(run_channel(channel, conn));
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        _col_width: u32,
        _row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(russh::Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        _variable_name: &str,
        _variable_value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }
}

impl SimHandler {
    fn key_ok(&self, user: &str, key: &russh::keys::PublicKey) -> bool {
        !self.auth_fails()
            && user == self.options.username
            && self
                .options
                .authorized_keys
                .iter()
                .any(|k| k.key_data() == key.key_data())
    }
}
