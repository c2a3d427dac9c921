// A button for an action that cannot be undone: the first click asks
// ("Yakin? ..."), the second does it. The desktop window has no native
// confirm dialog, and a question in place keeps the keyboard where it was.
import { useState } from "react";

export function AskTwice(props: { id?: string; className?: string; label: string; sure: string; onConfirm: () => void }) {
  const [asking, setAsking] = useState(false);
  return (
    <button
      id={props.id}
      className={`${props.className ?? ""}${asking ? " danger" : ""}`.trim()}
      onClick={() => { if (asking) { setAsking(false); props.onConfirm(); } else setAsking(true); }}
      onBlur={() => setAsking(false)}
    >
      {asking ? props.sure : props.label}
    </button>
  );
}
