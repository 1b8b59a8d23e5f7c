#!/usr/bin/env bash
# Adds a migration to both providers of the commerce database: ./scripts/commerce-migrations.sh <Name>
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
name=${1:?usage: commerce-migrations.sh <MigrationName>}
dotnet tool restore >/dev/null
dotnet dotnet-ef migrations add "$name" -p src/CommerceApi -c SqliteCommerceDbContext -o Data/Migrations/Sqlite
dotnet dotnet-ef migrations add "$name" -p src/CommerceApi -c PostgresCommerceDbContext -o Data/Migrations/Postgres
