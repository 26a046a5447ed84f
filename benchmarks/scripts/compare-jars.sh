#!/usr/bin/env bash
# Before/after comparison of two builds of benchmarks.jar on one host, in rounds
# before, after, after, before (so a drift of the host's speed hits both sides alike).
#
#   benchmarks/scripts/compare-jars.sh BEFORE_JAR AFTER_JAR OUTDIR
#   python3 benchmarks/scripts/jmh-table.py OUTDIR      # one row per benchmark, one column per run
#
# Forks run on $J25 (default: Temurin 25). Each class keeps its own warm-up and measurement
# settings; the lines below pick the vector implementation and the sizes the README's tables use.
set -u
[ $# -eq 3 ] || { echo "usage: $0 BEFORE_JAR AFTER_JAR OUTDIR" >&2; exit 2; }
before=$1; after=$2; out=$3
J25=${J25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
mkdir -p "$out"
run() { # tag jar name args...
  local tag=$1 jar=$2 name=$3; shift 3
  echo "== $(date +%T) $tag $name (load $(cut -d' ' -f1 /proc/loadavg))"
  java -jar "$jar" "$@" -jvm "$J25" -rf json -rff "$out/$name-$tag.json" > "$out/$name-$tag.log" 2>&1
}
one_round() { # tag jar
  local t=$1 j=$2
  run $t $j dot DotBenchmark.dot -p impl=vector -p n=1024
  run $t $j gemv GemvBenchmark -p impl=vector -p k=64
  run $t $j gemm GemmBenchmark -p impl=vector -p n=256,1024
  run $t $j gram GramBenchmark -p impl=vector -p k=64
  run $t $j spmm SpmmBenchmark -p impl=vector -p k=64
  run $t $j axpy AxpyBenchmark.axpy -p impl=vector -p n=64
  run $t $j score ScoringBenchmark.scoreTop10 -p impl=vector -p rows=100000
  run $t $j chol CholeskyBenchmark.recsys -p k=64
  run $t $j sgd SgdEpochBenchmark.epoch -p impl=vector -p k=64,128 -f 2
  run $t $j ials ImplicitAlsIterationBenchmark
  run $t $j foldin FoldInBenchmark
  run $t $j dense DenseLayerBenchmark
  run $t $j ae AutoencoderEpochBenchmark -p threads=1
  run $t $j neumf NeuMfBenchmark
  run $t $j scenerec SceneRecommendBenchmark
  run $t $j record SceneRecordBenchmark
}
one_round before1 "$before"
one_round after1 "$after"
one_round after2 "$after"
one_round before2 "$before"
echo "== $(date +%T) done: python3 $(dirname "$0")/jmh-table.py $out"
