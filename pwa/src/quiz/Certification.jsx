// The shopper's Certification screen (issue 16 §2), online only, own chunk:
// #/certification lists the quizzes (certified since, not yet, or retry after a time) and the
// passes; #/certification/<form key> takes a quiz with the shared question renderer and shows
// the server's result: score, pass mark, which questions were wrong (not the right answers).
import { useState } from 'preact/hooks';
import { useLoad } from '../useLoad.js';
import { request } from '../api.js';
import { Question } from '../form/Renderer.jsx';
import { fmtDate, t, tx } from './i18n.js';
import { attemptBody, lastAttemptText, passText, questionsOf, refusalText, scoreText, stateBadge, stateText, unanswered } from './logic.js';
import './quiz.css';

const ME = '/api/v1/me/certification';

function QuizCard({ quiz, L }) {
  const wait = quiz.state === 'wait';
  return (
    <article class="card quiz-card" data-quiz={quiz.form_key}>
      <h3>{tx(quiz.title, L)}</h3>
      <p>
        <span class={`badge ${stateBadge(quiz.state)}`}>{stateText(quiz, L)}</span>
      </p>
      <p class="muted">{t('quiz.rules', { p: quiz.pass_mark, n: quiz.questions })}</p>
      {quiz.description && <p class="hint">{tx(quiz.description, L)}</p>}
      {quiz.last_attempt && <p class="hint">{lastAttemptText(quiz.last_attempt)}</p>}
      {!wait && (
        <a class="btn btn-primary" href={`#/certification/${quiz.form_key}`}>
          {quiz.state === 'certified' ? t('quiz.take_again') : t('quiz.take')}
        </a>
      )}
    </article>
  );
}

function History({ passes, quizzes, L }) {
  return (
    <section aria-labelledby="quiz-history">
      <h3 id="quiz-history">{t('quiz.history')}</h3>
      {passes.length === 0 ? (
        <p class="hint">{t('quiz.history_none')}</p>
      ) : (
        <ul class="quiz-history">
          {passes.map((p, i) => (
            <li key={i}>{passText(p, quizzes, L)}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Problem({ q }) {
  if (q.loading && !q.data) return <p class="muted">{t('common.loading')}</p>;
  if (!q.error) return null;
  return (
    <p class="field-error" role="alert">
      {refusalText(q.error)}
    </p>
  );
}

function QuizList({ L }) {
  const q = useLoad(() => request('GET', ME), []);
  const quizzes = q.data?.quizzes || [];
  return (
    <>
      <p class="hint">{t('quiz.intro')}</p>
      <Problem q={q} />
      {q.data && quizzes.length === 0 && <p class="empty">{t('quiz.none')}</p>}
      {quizzes.map((quiz) => (
        <QuizCard key={quiz.form_key} quiz={quiz} L={L} />
      ))}
      {q.data && <History passes={q.data.certifications} quizzes={quizzes} L={L} />}
    </>
  );
}

function Result({ result, definition, L }) {
  const wrong = new Set(result.wrong);
  const labels = questionsOf(definition).filter((x) => wrong.has(x.id));
  return (
    <section class={`card quiz-result ${result.passed ? 'passed' : 'failed'}`} role="status" tabIndex={-1} ref={(el) => el?.focus()}>
      <h3>{result.passed ? t('quiz.result.passed') : t('quiz.result.failed')}</h3>
      <p class="quiz-score">{scoreText(result)}</p>
      {labels.length ? (
        <>
          <p>{t('quiz.result.wrong')}</p>
          <ul class="quiz-wrong">
            {labels.map((x) => (
              <li key={x.id}>{tx(x.label, L)}</li>
            ))}
          </ul>
          <p class="hint">{t('quiz.result.no_answers')}</p>
        </>
      ) : (
        <p>{t('quiz.result.all_right')}</p>
      )}
      {result.retry_at && <p class="quiz-retry">{t('quiz.result.retry_at', { t: fmtDate(result.retry_at, L) })}</p>}
      <a class="btn" href="#/certification">
        {t('quiz.back')}
      </a>
    </section>
  );
}

async function loadQuiz(formKey) {
  const mine = await request('GET', ME);
  const quiz = mine.quizzes.find((x) => x.form_key === formKey);
  if (!quiz) return { quiz: null };
  const version = await request('GET', `/api/v1/forms/versions/${quiz.form_version_id}`);
  return { quiz, definition: version.definition };
}

function QuizForm({ quiz, definition, L, onResult }) {
  const [answers, setAnswers] = useState({});
  const [state, setState] = useState({ sending: false, error: null, tried: false });
  const left = unanswered(definition, answers);
  const send = async (e) => {
    e.preventDefault();
    if (left.length) return setState({ ...state, tried: true });
    setState({ sending: true, error: null, tried: true });
    try {
      onResult(await request('POST', '/api/v1/me/quiz-attempts', { json: attemptBody(quiz.form_version_id, answers) }));
    } catch (err) {
      setState({ sending: false, error: err, tried: true });
    }
  };
  return (
    <form class="quiz-form" onSubmit={send} noValidate>
      <p class="muted">{t('quiz.rules', { p: quiz.pass_mark, n: quiz.questions })}</p>
      {questionsOf(definition).map((x) => (
        <Question key={x.id} q={x} def={definition} value={answers[x.id]} na={false} locale={L} missing={state.tried && left.includes(x.id)} onAnswer={(id, v) => setAnswers({ ...answers, [id]: v })} onNa={() => {}} />
      ))}
      {state.tried && left.length > 0 && (
        <p class="field-error" role="alert">
          {t('quiz.unanswered', { n: left.length })}
        </p>
      )}
      {state.error && (
        <p class="field-error" role="alert">
          {refusalText(state.error, L)}
        </p>
      )}
      <button type="submit" class="btn btn-primary" disabled={state.sending}>
        {state.sending ? t('quiz.sending') : t('quiz.submit')}
      </button>
    </form>
  );
}

function TakeQuiz({ formKey, L }) {
  const q = useLoad(() => loadQuiz(formKey), [formKey]);
  const [result, setResult] = useState(null);
  const { quiz, definition } = q.data || {};
  return (
    <>
      <a href="#/certification">{t('quiz.back')}</a>
      <Problem q={q} />
      {q.data && !quiz && <p class="empty">{t('quiz.none')}</p>}
      {quiz && <h3>{tx(quiz.title, L)}</h3>}
      {quiz && !result && <QuizForm quiz={quiz} definition={definition} L={L} onResult={setResult} />}
      {result && <Result result={result} definition={definition} L={L} />}
    </>
  );
}

/** The Certification screen; `formKey` opens one quiz. */
export default function Certification({ formKey, L, online }) {
  return (
    <section class="quiz">
      <h2>{t('quiz.title')}</h2>
      {!online && <p class="note">{t('quiz.online_only')}</p>}
      {formKey ? <TakeQuiz formKey={formKey} L={L} /> : <QuizList L={L} />}
    </section>
  );
}
