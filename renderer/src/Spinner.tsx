import './Spinner.css';

/** A small busy indicator; decorative (the busy control carries aria-busy). */
export function Spinner({ size = 14 }: { size?: number }) {
  return <span className="spinner" style={{ width: size, height: size }} aria-hidden="true" />;
}
