# Sourced by soulbox-init at container start, as root, before any service runs.
# Moves VNC_PASSWORD out of the environment that the agent, and so every process it starts,
# inherits, into the file the x11vnc service reads. x11vnc runs as `user`, so the file is his.
if [ -n "${VNC_PASSWORD:-}" ]; then
  (umask 077 && printf '%s\n' "$VNC_PASSWORD" >/run/soulbox/vnc-password)
  chown user:user /run/soulbox/vnc-password
else
  rm -f /run/soulbox/vnc-password
fi
unset VNC_PASSWORD
