export default function Console() {
  return <div class="hr"><h1>HR</h1></div>;
}
