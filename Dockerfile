# Build stage: compile the release binary (rustls only, no OpenSSL needed).
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY assets ./assets
COPY migrations ./migrations
COPY benches ./benches
RUN cargo build --release --locked --bin fellowship-bot

# Runtime stage: a small image with the binary, the content and a non-root user.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin fellowship \
 && mkdir -p /data && chown fellowship /data
WORKDIR /app
COPY --from=build /src/target/release/fellowship-bot /usr/local/bin/fellowship-bot
COPY content ./content
ENV DATABASE_URL=sqlite:///data/fellowship-bot.db \
    CONTENT_DIR=/app/content \
    RUST_LOG=warn,fellowship_bot=info \
    WEB_ADDR=0.0.0.0:8080
EXPOSE 8080
VOLUME ["/data"]
USER fellowship
# Healthy while the running bot keeps writing its heartbeat (every 30 s) to the database and, when
# the web console is on (WEB_ADDR), its /healthz answers.
HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 \
  CMD ["fellowship-bot", "health"]
ENTRYPOINT ["fellowship-bot"]
CMD ["run"]
