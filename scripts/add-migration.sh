#!/usr/bin/env bash
# Adds a migration to both providers of a service's database: ./scripts/add-migration.sh <identity|commerce> <Name>
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
service=${1:?usage: add-migration.sh <identity|commerce> <MigrationName>}
name=${2:?usage: add-migration.sh <identity|commerce> <MigrationName>}
case "$service" in
  identity) project=src/IdentityServer; context=ApplicationDbContext; folder=Platform/Data/Migrations ;;
  commerce) project=src/CommerceApi; context=CommerceDbContext; folder=Data/Migrations ;;
  *) echo "unknown service '$service' (identity or commerce)" >&2; exit 2 ;;
esac
dotnet tool restore >/dev/null
dotnet dotnet-ef migrations add "$name" -p "$project" -c "Sqlite$context" -o "$folder/Sqlite"
dotnet dotnet-ef migrations add "$name" -p "$project" -c "Postgres$context" -o "$folder/Postgres"
