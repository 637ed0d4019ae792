# One image for every Switchboard service: the launcher jar. Choose the service with the command,
# e.g. `orchestrator`, `aggregator`, `agent sentiment` (see docker-compose.yml).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -DskipTests -pl launcher -am package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/launcher/target/switchboard.jar /app/switchboard.jar
COPY topics.yaml /app/topics.yaml
ENV SWITCHBOARD_TOPICS_FILE=/app/topics.yaml
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/switchboard.jar"]
CMD ["--help"]
