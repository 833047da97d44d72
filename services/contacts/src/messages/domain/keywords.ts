/** Keywords of one language: whole inbound messages that withdraw or grant WhatsApp consent. */
export interface KeywordSet {
  language: string;
  optOut: string[];
  optIn: string[];
}

export const DEFAULT_KEYWORDS: KeywordSet[] = [
  { language: 'en', optOut: ['STOP', 'STOP ALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPT OUT'], optIn: ['START', 'SUBSCRIBE', 'UNSTOP', 'OPT IN'] },
  { language: 'pt', optOut: ['PARAR', 'SAIR', 'CANCELAR', 'DESCADASTRAR'], optIn: ['VOLTAR', 'ACEITO', 'QUERO RECEBER'] },
  { language: 'es', optOut: ['BAJA', 'PARAR', 'CANCELAR', 'DARME DE BAJA'], optIn: ['ALTA', 'SUSCRIBIR'] },
  { language: 'fr', optOut: ['ARRÊT', 'STOP', 'DÉSABONNER', 'DÉSINSCRIRE'], optIn: ['ABONNER', 'INSCRIRE'] },
  { language: 'de', optOut: ['STOPP', 'ABMELDEN', 'STOP'], optIn: ['ANMELDEN', 'START'] },
  { language: 'it', optOut: ['STOP', 'DISISCRIVI', 'CANCELLA'], optIn: ['ISCRIVI'] },
];

/**
 * The form keywords and messages are compared in: case and accents folded, punctuation, emoji and
 * symbols removed, spaces collapsed. "Stop!", " stop ", "ARRET" and "arrêt." are one keyword; "don't
 * stop" and "stop sending me offers" are not "stop": a message acts only when all of it is a keyword.
 */
export function normalizeKeyword(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export type KeywordMatch = { kind: 'opt-out' | 'opt-in'; keyword: string; language: string } | null;

/** Opt-out wins when a text is a keyword of both kinds (in two languages): withdrawal is never missed. */
export function matchKeyword(text: string, sets: readonly KeywordSet[]): KeywordMatch {
  const normalized = normalizeKeyword(text);
  if (!normalized) return null;
  for (const kind of ['opt-out', 'opt-in'] as const) {
    for (const set of sets) {
      const keyword = (kind === 'opt-out' ? set.optOut : set.optIn).find((k) => normalizeKeyword(k) === normalized);
      if (keyword) return { kind, keyword, language: set.language };
    }
  }
  return null;
}
