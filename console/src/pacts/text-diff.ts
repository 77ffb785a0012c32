/** A character-level diff of two texts (Chinese has no word breaks): common prefix and suffix, then a longest common subsequence of the rest. */
export interface Segment {
  op: 'eq' | 'del' | 'ins';
  text: string;
}

/** Above this many cells the middle is shown as one removal and one insertion instead. */
const MAX_CELLS = 400_000;

export function diffText(a: string, b: string): Segment[] {
  const x = [...a];
  const y = [...b];
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let endX = x.length;
  let endY = y.length;
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) {
    endX--;
    endY--;
  }
  const out: Segment[] = [];
  const push = (op: Segment['op'], text: string) => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += text;
    else out.push({ op, text });
  };
  push('eq', x.slice(0, start).join(''));
  const mx = x.slice(start, endX);
  const my = y.slice(start, endY);
  if (mx.length * my.length > MAX_CELLS) {
    push('del', mx.join(''));
    push('ins', my.join(''));
  } else {
    // lcs[i][j]: length of the LCS of mx[i..] and my[j..]
    const w = my.length + 1;
    const lcs = new Uint32Array((mx.length + 1) * w);
    for (let i = mx.length - 1; i >= 0; i--) {
      for (let j = my.length - 1; j >= 0; j--) {
        lcs[i * w + j] = mx[i] === my[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < mx.length && j < my.length) {
      if (mx[i] === my[j]) {
        push('eq', mx[i]);
        i++;
        j++;
      } else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) push('del', mx[i++]);
      else push('ins', my[j++]);
    }
    push('del', mx.slice(i).join(''));
    push('ins', my.slice(j).join(''));
  }
  push('eq', x.slice(endX).join(''));
  return out;
}
