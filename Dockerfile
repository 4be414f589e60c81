# Images of the streams application and the simulator, built from this repository.
# Used by docker-compose.yml:  docker compose up --build
FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests package -pl streams-app,producer-sim -am

FROM eclipse-temurin:17.0.16_8-jre AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN useradd --system --home /var/lib/coldchain coldchain && mkdir -p /var/lib/coldchain/state \
    && chown -R coldchain /var/lib/coldchain
USER coldchain

FROM runtime AS streams
COPY --from=build /src/streams-app/target/coldchain-streams-app-*-all.jar /opt/coldchain/streams.jar
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/coldchain/streams.jar"]

FROM runtime AS simulator
COPY --from=build /src/producer-sim/target/coldchain-producer-sim-*-all.jar /opt/coldchain/simulator.jar
ENTRYPOINT ["java", "-jar", "/opt/coldchain/simulator.jar"]
