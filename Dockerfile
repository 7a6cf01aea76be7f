# syntax=docker/dockerfile:1
# InterviewGateway: multi-stage build. `docker compose up` (docker-compose.yml) runs it next to Redis.

# ---- build ------------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the files that decide the package graph only, so this layer is cached until a
# package version or the project file changes.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/InterviewGateway/InterviewGateway.csproj src/InterviewGateway/
RUN dotnet restore src/InterviewGateway/InterviewGateway.csproj

# .editorconfig matters: the build enforces code style (EnforceCodeStyleInBuild, warnings as errors).
COPY .editorconfig ./
COPY src/ src/
RUN dotnet publish src/InterviewGateway/InterviewGateway.csproj -c Release --no-restore -o /app/publish /p:UseAppHost=false

# ---- runtime ----------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app/publish ./

ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_NOLOGO=1
EXPOSE 8080

# The aspnet image has no curl/wget, so there is no HEALTHCHECK here: compose or Kubernetes probes call
# GET /health/live (process up) and GET /health/ready (Redis reachable, Hangfire server running).

# The non-root `app` user that the .NET images ship (APP_UID=1654).
USER $APP_UID
ENTRYPOINT ["dotnet", "InterviewGateway.dll"]
