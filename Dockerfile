# One image for every Switchboard service: the launcher jar. Choose the service with the command,
# e.g. `orchestrator`, `aggregator`, `agent sentiment` (see docker-compose.yml).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -DskipTests -pl launcher -am package

FROM eclipse-temurin:17-jre
# Never root: a fixed uid/gid, owning only its data directory (the aggregator's state volume mounts there)
RUN groupadd --system --gid 10001 switchboard \
    && useradd --system --uid 10001 --gid switchboard --home-dir /var/lib/switchboard --shell /usr/sbin/nologin switchboard \
    && mkdir -p /var/lib/switchboard \
    && chown switchboard:switchboard /var/lib/switchboard
WORKDIR /app
COPY --from=build /src/launcher/target/switchboard.jar /app/switchboard.jar
COPY topics.yaml /app/topics.yaml
ENV SWITCHBOARD_TOPICS_FILE=/app/topics.yaml
# numeric, so a platform that only admits non-root images (Kubernetes runAsNonRoot) can verify it
USER 10001:10001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/switchboard.jar"]
CMD ["--help"]
