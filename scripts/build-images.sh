#!/usr/bin/env bash
# Builds the fleet's container images as OCI archives with the .NET SDK's container support (no Docker daemon):
#   scripts/build-images.sh [output-dir] [project...]     (default: artifacts/images, all four services)
# Each image is <output-dir>/aict/<name>.tar.gz, an OCI image layout (docker load, podman load, skopeo copy oci-archive:).
# The base image is ASPNET_BASE_IMAGE when set (e.g. mcr.microsoft.com/dotnet/aspnet:10.0 on a machine that
# reaches it). Otherwise a minimal Debian base with this SDK's ASP.NET Core runtime is built here (mmdebstrap,
# umoci) and served to the SDK by a throw-away registry on loopback (docker-registry, skopeo), stopped on exit.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(realpath -m "${1:-$root/artifacts/images}")"
shift || true
projects=("$@")
[ ${#projects[@]} -gt 0 ] || projects=(IdentityServer CommerceApi SsoPortal Gateway)
mkdir -p "$out"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

local_base() {
  local missing=()
  for tool in mmdebstrap umoci skopeo docker-registry; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  if [ ${#missing[@]} -gt 0 ]; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap umoci skopeo docker-registry >/dev/null
  fi

  work="$(mktemp -d)"
  trap 'cleanup' EXIT
  local dotnet_root runtime
  dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  runtime="$(ls "$dotnet_root/shared/Microsoft.AspNetCore.App" | sort -V | tail -1)"

  # What a framework-dependent ASP.NET Core app needs from the OS: glibc, libstdc++, OpenSSL, ICU, zlib, CA roots.
  as_root mmdebstrap --quiet --variant=essential \
    --include=libicu72,libssl3,zlib1g,ca-certificates,tzdata,libstdc++6,libgcc-s1 \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --customize-hook='echo "app:x:1654:1654::/home/app:/usr/sbin/nologin" >> "$1/etc/passwd"' \
    --customize-hook='echo "app:x:1654:" >> "$1/etc/group"' \
    --customize-hook='mkdir -p "$1/home/app" "$1/app" && chown 1654:1654 "$1/home/app"' \
    --format=tar bookworm "$work/os.tar"

  mkdir -p "$work/runtime/usr/share/dotnet/shared" "$work/runtime/usr/share/dotnet/host/fxr" "$work/runtime/usr/bin"
  cp "$dotnet_root/dotnet" "$work/runtime/usr/share/dotnet/"
  cp -r "$dotnet_root/host/fxr/$(ls "$dotnet_root/host/fxr" | sort -V | tail -1)" "$work/runtime/usr/share/dotnet/host/fxr/"
  for framework in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
    mkdir -p "$work/runtime/usr/share/dotnet/shared/$framework"
    cp -r "$dotnet_root/shared/$framework/$runtime" "$work/runtime/usr/share/dotnet/shared/$framework/"
  done
  ln -s /usr/share/dotnet/dotnet "$work/runtime/usr/bin/dotnet"
  tar -C "$work/runtime" --owner=0 --group=0 -cf "$work/runtime.tar" usr

  umoci init --layout "$work/oci"
  umoci new --image "$work/oci:base"
  umoci raw add-layer --image "$work/oci:base" "$work/os.tar"
  umoci raw add-layer --image "$work/oci:base" "$work/runtime.tar"
  umoci config --image "$work/oci:base" --author aict \
    --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --config.env DOTNET_ROOT=/usr/share/dotnet --config.env APP_UID=1654 \
    --config.env ASPNETCORE_HTTP_PORTS=8080 --config.env DOTNET_RUNNING_IN_CONTAINER=true \
    --config.user 1654 --config.workingdir /app

  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  mkdir -p "$work/registry"
  cat > "$work/registry.yml" <<YAML
version: 0.1
log: { level: error }
storage: { filesystem: { rootdirectory: $work/registry } }
http: { addr: 127.0.0.1:$port }
YAML
  docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
  registry_pid=$!
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.1; done
  skopeo copy --quiet --dest-tls-verify=false "oci:$work/oci:base" "docker://127.0.0.1:$port/aict/aspnet:$runtime"
  export DOTNET_CONTAINER_INSECURE_REGISTRIES="127.0.0.1:$port"
  base="127.0.0.1:$port/aict/aspnet:$runtime"
}

cleanup() {
  [ -n "${registry_pid:-}" ] && kill "$registry_pid" 2>/dev/null || true
  [ -n "${work:-}" ] && as_root rm -rf "$work"
}

base="${ASPNET_BASE_IMAGE:-}"
[ -n "$base" ] || local_base

for project in "${projects[@]}"; do
  dotnet publish "$root/src/$project/$project.csproj" -c Release -t:PublishContainer --nologo -v:quiet \
    -p:ContainerBaseImage="$base" -p:ContainerArchiveOutputPath="$out/"
done
# What each image will run: entrypoint, user, ports and environment, read back from the archive.
command -v skopeo >/dev/null || exit 0
for archive in "$out"/aict/*.tar.gz; do
  echo "$archive ($(du -h "$archive" | cut -f1))"
  skopeo inspect --config "oci-archive:$archive" | python3 -c 'import json, sys
c = json.load(sys.stdin)["config"]
for key in ("Entrypoint", "User", "WorkingDir", "ExposedPorts", "Env"):
    print(f"  {key}: {c.get(key)}")'
done
