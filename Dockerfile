# The accord command line in a container, for teams using the PostgreSQL backend.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/release/accord /usr/local/bin/accord
ENTRYPOINT ["accord"]
CMD ["--help"]
