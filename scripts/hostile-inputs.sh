#!/usr/bin/env bash
# Hostile and absurd inputs through the CLI: each case prints the one-line answer and exit code the
# library gives. Needs the CLI jar (mvn -B -q -DskipTests package) and ../shared/data/ml-100k; run
# from the repository root. Writes its inputs to a temporary directory and removes them.
set -u
J="java -jar examples/target/recsys.jar"
D=../shared/data/ml-100k
T=$(mktemp -d)
echo "== 1e30 rating"; awk 'NR==2{$3="1e30"} {print}' OFS='\t' $D/u.data > $T/bad.data
$J train --data $T/bad.data --format movielens --algo ials --out $T/m.model --quiet 2>&1 | grep -v INFO; echo "exit ${PIPESTATUS[0]}"
echo "== one millisecond time stamp"; awk 'NR==2{$4=$4"000"} {print}' OFS='\t' $D/u.data > $T/ms.data
$J train --data $T/ms.data --format movielens --algo popularity --out $T/m.model --quiet 2>&1 | grep -v INFO; echo "exit ${PIPESTATUS[0]}"
echo "== biased-mf on views only"; printf 'user,item,behavior,timestamp\nu1,i1,view,1700000000\nu1,i2,view,1700000001\nu2,i1,view,1700000002\n' > $T/views.csv
$J train --data $T/views.csv --format csv --columns user=user,item=item,behavior=behavior,time=timestamp --algo biased-mf --out $T/m.model --quiet 2>&1 | grep -v INFO; echo "exit ${PIPESTATUS[0]}"
echo "== adam at learning rate 5"; $J train --data $D/u1.base --format movielens --algo biased-mf --param optimizer=adam --param adam-learning-rate=5 --out $T/m.model --quiet 2>&1 | grep -v INFO; echo "exit ${PIPESTATUS[0]}"
echo "== als reg=0"; $J train --data $D/u1.base --format movielens --algo als --param reg=0 --out $T/m.model --quiet 2>&1 | grep -v INFO; echo "exit ${PIPESTATUS[0]}"
echo "== cdae on one item"; printf '1\t5\t4\t881250949\n2\t5\t3\t881250950\n' > $T/one.data
$J train --data $T/one.data --format movielens --algo cdae --param epochs=2 --out $T/m.model --quiet 2>&1 | grep -v INFO; echo "exit ${PIPESTATUS[0]}"
echo "== --columns user=2147483647"; $J train --data $T/views.csv --format csv --columns user=2147483647,item=1 --algo popularity --out $T/m.model --quiet 2>&1 | grep -v INFO; echo "exit ${PIPESTATUS[0]}"
echo "== ease beyond the heap (30,000 items, -Xmx1g)"
python3 -c "
import random
r=random.Random(1)
with open('$T/wide.data','w') as f:
    for i in range(30000):
        for u in (r.randrange(2000), r.randrange(2000)):
            f.write(f'{u+1}\t{i+1}\t1\t881250949\n')
"
java -Xmx1g -jar examples/target/recsys.jar train --data $T/wide.data --format movielens --algo ease --param max-items=46340 --out $T/m.model --quiet 2>&1 | grep -v INFO; echo "exit ${PIPESTATUS[0]}"
echo "== a real out-of-memory (-Xmx8m)"
java -Xmx8m -jar examples/target/recsys.jar train --data $D/u.data --format movielens --algo item-cooccurrence --out $T/m.model --quiet 2>&1 | grep -v INFO; echo "exit ${PIPESTATUS[0]}"
echo "== 65,536 blank lines in front of a 99 MB file (-Xmx1g)"
python3 -c "
import random
r=random.Random(2)
with open('$T/big.data','w') as f:
    f.write('\n'*65536)
    while f.tell() < 99*1024*1024:
        f.write(f'{r.randrange(100000)+1}\t{r.randrange(50000)+1}\t{r.randrange(5)+1}\t{881250949+r.randrange(10**7)}\n')
"
java -Xmx1g -jar examples/target/recsys.jar train --data $T/big.data --format movielens --algo popularity --out $T/m.model --quiet 2>&1 | grep -v INFO; echo "exit ${PIPESTATUS[0]}"
python3 - "$T" <<'PY'
import sys,random
t=sys.argv[1]
open(t+'/long.data','wb').write(b'1\t2\t3\t881250949\n'+b'9'*(200*1024*1024)+b'\n')
open(t+'/utf.csv','wb').write(b'user,item,behavior,timestamp\nu\xff1,i1,view,1700000000\n')
open(t+'/bom.csv','wb').write(b'user,item,behavior,timestamp\nu1,i1,view,1700000000\n\xef\xbb\xbfu1,i2,view,1700000001\n')
PY
echo "== a 200 MB line at -Xmx256m"; java -Xmx256m -jar examples/target/recsys.jar train --data $T/long.data --format movielens --algo popularity --out $T/m.model --quiet 2>&1 | grep -v INFO; echo "exit ${PIPESTATUS[0]}"
echo "== invalid UTF-8"; $J train --data $T/utf.csv --format csv --columns user=user,item=item,behavior=behavior,time=timestamp --algo popularity --out $T/m.model --quiet 2>&1 | grep -v INFO; echo "exit ${PIPESTATUS[0]}"
echo "== BOM inside the file"; $J train --data $T/bom.csv --format csv --columns user=user,item=item,behavior=behavior,time=timestamp --algo popularity --out $T/m.model --quiet 2>&1 | grep -v INFO; echo "exit ${PIPESTATUS[0]}"
echo "== 106-byte model file, id count 2^31-1, valid CRC"; python3 - "$T" <<'PY'
import sys,struct,zlib
t=sys.argv[1]
def s(x): b=x.encode(); return struct.pack('<i',len(b))+b
b=b'\x89RECSYS\n'+struct.pack('<i',2)+s('popularity')+struct.pack('<i',0)+s('0.1.0')+struct.pack('<qq',7,1700000000000)+b'USER\x00'+struct.pack('<i',2**31-1)
b=b+b'x'*(94-len(b))
b=b+b'RECSYSEF'
b=b+struct.pack('<I',zlib.crc32(b))
open(t+'/hostile.model','wb').write(b); print(len(b),'bytes')
PY
$J recommend --model $T/hostile.model --user u1 --scene home 2>&1 | grep -v INFO; echo "exit ${PIPESTATUS[0]}"
rm -rf $T
