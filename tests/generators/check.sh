#!/usr/bin/env bash
# Generator check (issue 18): two generators nobody here wrote must produce typed clients from the
# committed OpenAPI document. Kiota (C#, a .NET tool pinned in .config/dotnet-tools.json) must compile,
# openapi-typescript (npm, pinned in package.json) must type-check, and neither may type a documented
# body, parameter or field as "any JSON" (untyped.py says what counts). Tools are cached in
# ~/.nuget (Kiota) and tests/generators/node_modules; generated code goes to tests/generators/out.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
document="${1:-$root/openapi/interview-gateway.v1.json}"
out="$here/out"

command -v dotnet >/dev/null || { echo "generator check: dotnet is missing" >&2; exit 2; }
command -v npm >/dev/null || {
  echo "generator check: npm is missing (install Node.js 20+: apt-get install nodejs npm)" >&2; exit 2; }

rm -rf "$out/csharp" "$out/typescript"
mkdir -p "$out/typescript"

echo "== Kiota: C# client"
(cd "$root" && dotnet tool restore >/dev/null) || {
  echo "generator check: 'dotnet tool restore' could not install Kiota (NuGet unreachable?)" >&2; exit 2; }
# Kiota checks for updates and looks up API descriptions online unless told not to.
export KIOTA_UPDATE_CHECK_DISABLED=true KIOTA_OFFLINE_ENABLED=true
(cd "$root" && dotnet kiota generate --language CSharp --openapi "$document" --output "$out/csharp" \
  --class-name GatewayClient --namespace-name Generated.Gateway --exclude-backward-compatible \
  --clean-output --log-level Error)
dotnet build "$here/GeneratedClient.csproj" -nologo -v q -clp:ErrorsOnly

echo "== openapi-typescript: TypeScript types"
# Reinstall only when the lock file changed since the cached install.
lock="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
if [ ! -x "$here/node_modules/.bin/tsc" ] || [ "$(cat "$here/node_modules/.lock-sha256" 2>/dev/null)" != "$lock" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --silent) || {
    echo "generator check: 'npm ci' failed (npm registry unreachable?)" >&2; exit 2; }
  echo "$lock" > "$here/node_modules/.lock-sha256"
fi
"$here/node_modules/.bin/openapi-typescript" "$document" --output "$out/typescript/gateway.ts" --silent
"$here/node_modules/.bin/tsc" -p "$here/tsconfig.json"

echo "== untyped members"
python3 "$here/untyped.py" "$out/csharp" "$out/typescript"
# And the query values have their types (issue 18: all 18 came out as string).
for typed in "limit?: number" "refresh?: boolean" '"json" | "markdown" | "text"'; do
  grep -qF "$typed" "$out/typescript/gateway.ts" || { echo "generator check: no '$typed' in the TypeScript" >&2; exit 1; }
done
echo "generator check: passed"
