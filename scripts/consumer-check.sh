#!/usr/bin/env bash
# Checks the library as a user's build sees it: installs the published modules (BOM, core, mf, nn, eval,
# experiment) into a Maven repository, creates a separate Maven project in a temporary directory that
# imports recsys-bom and depends on the modules without versions, puts the ```java snippets of
# README.md into it (examples/src/test/java/dev/recsys/readme/ReadmeSnippets.java), compiles them and
# runs them on a small synthetic shop.
#
# usage: scripts/consumer-check.sh [--repo DIR] [--keep] [-- EXTRA_MAVEN_ARGS...]
#   --repo DIR  local Maven repository to install into and resolve from (default: Maven's own,
#               usually ~/.m2/repository); use a copy to leave your own repository untouched:
#               cp -r ~/.m2/repository /tmp/m2 && scripts/consumer-check.sh --repo /tmp/m2 -- -o
#   --keep      keep the temporary project and print its path
#   EXTRA_MAVEN_ARGS are passed to every mvn call (for example -o for offline)
# Exit code 0 when everything compiled and ran.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo=""
keep=false
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --repo) repo="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    --keep) keep=true; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "consumer-check: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

mvn_args=(-B -q)
if [ -n "$repo" ]; then
  mvn_args+=("-Dmaven.repo.local=$repo")
fi
mvn_args+=("${extra[@]+"${extra[@]}"}")
local_repo="${repo:-$HOME/.m2/repository}"

version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -1)"
modules=(recsys-core recsys-mf recsys-nn recsys-eval recsys-experiment)
echo "consumer-check: recsys $version, Maven repository $local_repo"

echo "consumer-check: 1/3 installing recsys-bom ${modules[*]} (tests skipped)"
(cd "$root" && mvn "${mvn_args[@]}" -DskipTests -pl "recsys-bom,$(IFS=,; echo "${modules[*]}")" -am install)
for m in "${modules[@]}"; do
  for kind in "" "-sources" "-javadoc"; do
    jar="$local_repo/dev/recsys/$m/$version/$m-$version$kind.jar"
    if [ ! -f "$jar" ]; then
      echo "consumer-check: FAILED: $jar was not installed" >&2
      exit 1
    fi
  done
done
test -f "$local_repo/dev/recsys/recsys-bom/$version/recsys-bom-$version.pom" \
  || { echo "consumer-check: FAILED: recsys-bom was not installed" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/recsys-consumer.XXXXXX")"
if [ "$keep" = false ]; then
  trap 'rm -rf "$work"' EXIT
fi
deps=""
for m in "${modules[@]}"; do
  deps="$deps    <dependency><groupId>dev.recsys</groupId><artifactId>$m</artifactId></dependency>
"
done
cat > "$work/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example.shop</groupId>
  <artifactId>recsys-consumer</artifactId>
  <version>1.0</version>
  <properties>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>dev.recsys</groupId>
        <artifactId>recsys-bom</artifactId>
        <version>$version</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
$deps    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>2.0.20</version></dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>3.16.0</version>
        <configuration><release>17</release></configuration>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-resources-plugin</artifactId>
        <version>3.3.1</version>
      </plugin>
      <plugin>
        <groupId>org.codehaus.mojo</groupId>
        <artifactId>exec-maven-plugin</artifactId>
        <version>3.6.4</version>
        <configuration>
          <executable>java</executable>
          <workingDirectory>\${project.basedir}/run</workingDirectory>
          <arguments>
            <argument>-classpath</argument>
            <classpath/>
            <argument>ReadmeSnippetsMain</argument>
          </arguments>
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
POM
mkdir -p "$work/run"

echo "consumer-check: 2/3 copying the README snippets into $work"
java "$root/examples/src/test/java/dev/recsys/readme/ReadmeSnippets.java" "$root/README.md" "$work/src/main/java"

echo "consumer-check: 3/3 compiling and running them against the installed artifacts"
(cd "$work" && mvn "${mvn_args[@]}" compile exec:exec) | tee "$work/run.log"
grep -q "README snippets ran" "$work/run.log" || { echo "consumer-check: FAILED: the snippets did not finish" >&2; exit 1; }
if [ "$keep" = true ]; then
  echo "consumer-check: project kept in $work"
fi
echo "consumer-check: OK (BOM import, ${#modules[@]} modules with sources and javadoc jars, README snippets compiled and ran)"
