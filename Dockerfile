# Contact center appliance: one executable built with `bun build --compile`.
#
#   docker build -t contact-center .
#   docker run --network host -v cc-data:/data contact-center
#
# Use host networking: Docker's bridge NAT rewrites and times out UDP flows, which
# breaks SIP over UDP (registrations, Via/rport) and RTP. With --network host the
# appliance listens directly on the host's 5060 (SIP UDP/TCP), 5061 (SIP TLS),
# 8080/8443 (web, API, SIP over WebSocket) and 10000-20000/udp (RTP).

# ── build ──
FROM node:20-bookworm AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# ── runtime ──
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends espeak-ng ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/dist/contact-center /usr/local/bin/contact-center
ENV CC_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 5060/udp 5060/tcp 5061/tcp 8080/tcp 8443/tcp 10000-20000/udp
HEALTHCHECK --interval=30s --timeout=3s CMD ["/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${CC_HTTP_PORT:-8080} || exit 1"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/contact-center"]
