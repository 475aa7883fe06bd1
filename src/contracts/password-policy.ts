/** Passwords people pick first; a short list is enough to stop the worst, length does the rest. */
const COMMON_PASSWORDS = new Set([
  '1234567890', '12345678910', '0123456789', '1111111111', '0000000000', '1234512345', '1q2w3e4r5t',
  'qwertyuiop', 'qwerty1234', 'qwerty12345', 'asdfghjkl1', 'password12', 'password123', 'password1234',
  'password!1', 'passw0rd123', 'p@ssw0rd123', 'p@ssword123', 'iloveyou12', 'iloveyou123', 'welcome123',
  'welcome1234', 'letmein123', 'abc1234567', 'abcdefghij', 'abcd123456', 'admin12345', 'administrator',
  'changeme123', 'football123', 'baseball123', 'sunshine123', 'princess123', 'monkey12345', 'dragon1234',
  'master1234', 'superman123', 'trustno1234', 'whatever123', 'computer123', 'internet123', 'starwars123',
  'michael1234', 'jennifer123', 'chelsea1234', 'arsenal1234', 'liverpool1', 'liverpool123', 'manchester1',
  'manutd1234', 'qgig123456', 'qgigpassword', 'uganda1234', 'uganda12345', 'kampala123', 'kampala1234',
  'entebbe123', 'mukono1234', 'jesus12345', 'jesuschrist', 'godisgood1', 'godisgood123', 'blessed123',
  'nurse12345', 'teacher123', 'teacher1234', 'doctor1234', 'mother1234', 'family1234', 'mypassword',
  'mypassword1', 'secret1234', 'secret12345', 'zaq12wsxcde', '1qaz2wsx3edc', 'qazwsxedc1', 'zxcvbnm123',
  'aaaaaaaaaa', 'password0', 'passwordpassword', 'iloveyou1234', 'loveyou123', 'hello12345', 'helloworld',
  'helloworld1', 'test123456', 'testtest12', 'summer2024', 'summer2025', 'summer2026', 'winter2025',
  'spring2026', 'december2026', 'november2026', '9876543210', '1122334455', '1234554321', '5555555555',
]);

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** Why a password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string, email?: string): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters`;
  const lowered = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lowered)) return 'This password is too common; choose another';
  if (/^(.)\1+$/.test(password)) return 'This password is too easy to guess';
  if (email) {
    const address = email.trim().toLowerCase();
    const localPart = address.split('@')[0] ?? '';
    if (lowered === address || (localPart.length >= 4 && lowered.includes(localPart))) {
      return 'The password must not contain your email address';
    }
  }
  return undefined;
}
