# Sourced by soulbox-init at container start, as root, before any service runs.
# Moves VNC_PASSWORD, which the orchestrator derives from the sandbox's VNC token, out of the
# environment that the agent, and so every process it starts, inherits, into the file the vnc
# service reads. Without one, the desktop gets a random password: a VNC server without one is
# never started. The VNC server runs as `user`, so the file is his.
if [ -z "${VNC_PASSWORD:-}" ]; then
  VNC_PASSWORD=$(head -c 12 /dev/urandom | base64)
fi
(umask 077 && printf '%s\n' "$VNC_PASSWORD" >/run/soulbox/vnc-password)
chown user:user /run/soulbox/vnc-password
unset VNC_PASSWORD
