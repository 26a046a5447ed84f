import sys
NS = [2, 4, 8, 16]

def rows(prefix, n):
    return [f"{prefix}{j}" for j in range(n)]

def off(base, j):
    return base if j == 0 else (f"{base} + L" if j == 1 else f"{base} + {j} * L")

def rating(n):
    o = []
    o.append(f"    /** {{@link #mfRating}} at k = {n} vectors, both rows in registers (unrolled). */")
    o.append(f"    private static float mfRating{n}(float[] p, int po, float[] q, int qo, float r, float base, float keep, float lr) {{")
    for j in range(n):
        o.append(f"        FloatVector p{j} = FloatVector.fromArray(S, p, {off('po', j)});")
    for j in range(n):
        o.append(f"        FloatVector q{j} = FloatVector.fromArray(S, q, {off('qo', j)});")
    o.append("        FloatVector zero = FloatVector.zero(S);")
    o.append("        FloatVector acc = p0.fma(q0, zero);")
    o.append("        FloatVector acc2 = p1.fma(q1, zero);")
    for j in range(2, n):
        a = "acc" if j % 2 == 0 else "acc2"
        o.append(f"        {a} = p{j}.fma(q{j}, {a});")
    o.append("        float err = r - (base + sum(acc.add(acc2)));")
    o.append("        FloatVector lev = FloatVector.broadcast(S, lr * err);")
    for j in range(n):
        o.append(f"        q{j}.fma(lev, p{j}.mul(keep)).intoArray(p, {off('po', j)});")
        o.append(f"        p{j}.fma(lev, q{j}.mul(keep)).intoArray(q, {off('qo', j)});")
    o.append("        return err;")
    o.append("    }")
    return o

def load(o, ind, x, base, n):
    for j in range(n):
        o.append(f"{ind}{x}{j} = FloatVector.fromArray(S, p, {off(base, j)});")

def store(o, ind, x, base, n, arr="p"):
    for j in range(n):
        o.append(f"{ind}{x}{j}.intoArray({arr}, {off(base, j)});")

def step(o, ind, x, nx, bx, n):
    o.append(f"{ind}int i = items[{nx}];")
    o.append(f"{ind}int qo = i * k;")
    o.append(f"{ind}float bii = bi[i];")
    for j in range(n):
        o.append(f"{ind}FloatVector c{j} = FloatVector.fromArray(S, q, {off('qo', j)});")
    o.append(f"{ind}FloatVector acc = {x}0.fma(c0, zero);")
    o.append(f"{ind}FloatVector acc2 = {x}1.fma(c1, zero);")
    for j in range(2, n):
        a = "acc" if j % 2 == 0 else "acc2"
        o.append(f"{ind}{a} = {x}{j}.fma(c{j}, {a});")
    o.append(f"{ind}float err = ratings[{nx}] - ((mu + {bx} + bii) + sum(acc.add(acc2)));")
    o.append(f"{ind}FloatVector le = FloatVector.broadcast(S, lr * err);")
    for j in range(n):
        o.append(f"{ind}{x}{j}.fma(le, c{j}.mul(keep)).intoArray(q, {off('qo', j)});")
    for j in range(n):
        o.append(f"{ind}{x}{j} = c{j}.fma(le, {x}{j}.mul(keep));")
    o.append(f"{ind}sq += err * err;")
    o.append(f"{ind}{bx} = {bx} + lr * (err - regBias * {bx});")
    o.append(f"{ind}bi[i] = bii + lr * (err - regBias * bii);")

def users(n):
    o = []
    o.append(f"    /** {{@link #mfUsers}} at k = {n} vectors, each stream's user row in registers (see {{@link #mfUsers}}). */")
    o.append(f"    private static double mfUsers{n}(int[] order, int nOrder, int[] start, int[] items, float[] ratings,")
    o.append( "                                   float[] p, float[] q, float[] bu, float[] bi, int k,")
    o.append( "                                   float mu, float keep, float lr, float regBias) {")
    o.append("        double sq = 0;")
    o.append("        int next = 0;")
    for s in "ab":
        o.append(f"        int u{s} = -1;")
        o.append(f"        int n{s} = 0;")
        o.append(f"        int e{s} = 0;")
        o.append(f"        int p{s} = 0;")
        o.append(f"        float bu{s} = 0f;")
    o.append("        FloatVector zero = FloatVector.zero(S);")
    for s in "ab":
        for j in range(n):
            o.append(f"        FloatVector {s}{j} = zero;")
    o.append("        while (true) {")
    for s in "ab":
        o.append(f"            if (n{s} == e{s} && next < nOrder) {{")
        o.append(f"                if (u{s} >= 0) {{")
        store(o, "                    ", s, f"p{s}", n)
        o.append(f"                    bu[u{s}] = bu{s};")
        o.append( "                }")
        o.append(f"                u{s} = order[next++];")
        o.append(f"                n{s} = start[u{s}];")
        o.append(f"                e{s} = start[u{s} + 1];")
        o.append(f"                p{s} = u{s} * k;")
        o.append(f"                bu{s} = bu[u{s}];")
        load(o, "                ", s, f"p{s}", n)
        o.append( "                continue;")
        o.append( "            }")
    o.append("            if (na == ea || nb == eb) {")
    o.append("                break; // the order is used up: at most one stream has entries left")
    o.append("            }")
    for s in "ab":
        o.append("            {")
        step(o, "                ", s, f"n{s}", f"bu{s}", n)
        o.append(f"                n{s}++;")
        o.append("            }")
    o.append("        }")
    o.append("        if (nb == eb && na < ea) {")
    o.append("            // stream A is the one left: write B back and continue A's user in B's registers")
    o.append("            if (ub >= 0) {")
    store(o, "                ", "b", "pb", n)
    o.append("                bu[ub] = bub;")
    o.append("            }")
    for v in ["u", "n", "e", "p"]:
        o.append(f"            {v}b = {v}a;")
    o.append("            bub = bua;")
    for j in range(n):
        o.append(f"            b{j} = a{j};")
    o.append("            ua = -1;")
    o.append("        }")
    o.append("        for (; nb < eb; nb++) {")
    step(o, "            ", "b", "nb", "bub", n)
    o.append("        }")
    for s in "ab":
        o.append(f"        if (u{s} >= 0) {{")
        store(o, "            ", s, f"p{s}", n)
        o.append(f"            bu[u{s}] = bu{s};")
        o.append("        }")
    o.append("        return sq;")
    o.append("    }")
    return o

out = ["    // ---- register kernels, generated for k = 2, 4, 8 and 16 vectors by benchmarks/native/gen_sgd_register_kernels.py ----", ""]
for n in NS:
    out += rating(n) + [""]
for n in NS:
    out += users(n) + [""]
out.append("    // ---- end of the generated register kernels ----")
print("\n".join(out))
