// Certification (issue 16 §2), the pure part: a quiz's state line, which questions are still
// unanswered, the body of an attempt, and what a refusal means for the shopper. The server
// scores; nothing here knows a correct answer (the quiz comes without them).
import { fmtDate, t, tx } from './i18n.js';

const fmtScore = (n) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** "Certified since …", "Not certified yet" or "Retry after …" for a quiz of GET /me/certification. */
export function stateText(quiz, L) {
  if (quiz.state === 'certified') return t('quiz.state.certified', { t: fmtDate(quiz.certified_at, L, false) });
  if (quiz.state === 'wait') return t('quiz.state.wait', { t: fmtDate(quiz.retry_at, L) });
  return t('quiz.state.not_certified');
}

/** The badge class of a quiz state. */
export const stateBadge = (state) => ({ certified: 'ev-ok', wait: 'ev-warn' })[state] || 'badge-waiting';

/** The line of an attempt's score: "Your score: 60 % (3 of 5 right). Pass mark: 80 %." */
export function scoreText(attempt) {
  return t('quiz.result.score', { score: fmtScore(attempt.score), c: attempt.correct, n: attempt.total, p: attempt.pass_mark });
}

/** "Last attempt: 60 % (3 of 5 right)". */
export function lastAttemptText(attempt) {
  return t('quiz.last_attempt', { score: fmtScore(attempt.score), c: attempt.correct, n: attempt.total });
}

/** The name of a scenario: the title of the quiz that certifies it, else its key. */
export function scenarioName(scenario, quizzes, L) {
  const quiz = (quizzes || []).find((q) => q.scenario === scenario);
  return quiz ? tx(quiz.title, L) : scenario;
}

/** A pass of the shopper's history as one line. */
export function passText(pass, quizzes, L) {
  return t('quiz.history_row', { s: scenarioName(pass.scenario, quizzes, L), t: fmtDate(pass.passed_at, L, false), score: fmtScore(pass.score) });
}

/** Every question of a (served) quiz definition, in order. */
export const questionsOf = (definition) => (definition?.sections || []).flatMap((s) => s.questions);

const empty = (v) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** The ids of the questions not answered yet. */
export function unanswered(definition, answers) {
  return questionsOf(definition)
    .filter((q) => empty(answers[q.id]))
    .map((q) => q.id);
}

/** The POST /me/quiz-attempts body: the version and the given answers only. */
export function attemptBody(versionId, answers) {
  const given = Object.fromEntries(Object.entries(answers).filter(([, v]) => !empty(v)));
  return { form_version_id: versionId, answers: given };
}

/** What to tell the shopper when sending failed: offline, must wait (with the time), or the server's words. */
export function refusalText(err, L) {
  if (!err) return '';
  if (err.code === 'network') return t('quiz.offline_submit');
  if (err.code === 'retry_later' && err.details?.retry_at) return t('quiz.result.retry_at', { t: fmtDate(err.details.retry_at, L) });
  return err.message;
}
