// WebAuthn ceremonies for forms marked data-passkey-ceremony="create" (register) or "get" (sign in).
// On submit: fetch the options from data-passkey-options (a POST with the form's fields and antiforgery
// token), let the browser run the ceremony, put the ceremony id and credential.toJSON() into the fields
// marked data-passkey-field="ceremony" and "credential", and submit the form. An answer with a location
// (sign in again first) is followed. The server checks everything; this only carries data.
(() => {
  'use strict';

  const supported = () =>
    typeof window.PublicKeyCredential === 'function'
    && typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function'
    && typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function';

  const show = (form, key) => {
    const message = form.querySelector('[data-passkey-message]');
    if (message) {
      message.textContent = form.dataset[key] || form.dataset.passkeyFailed || '';
      message.hidden = false;
    }
  };

  const fetchStart = async (form) => {
    const response = await fetch(form.dataset.passkeyOptions, {
      method: 'POST',
      body: new FormData(form),
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error(body.error || 'options refused');
      error.messageKey = body.messageKey;
      throw error;
    }
    return body;
  };

  const field = (form, name) => form.querySelector(`[data-passkey-field="${name}"]`);

  const run = async (form) => {
    const start = await fetchStart(form);
    if (start.location) {
      window.location.assign(start.location);
      return;
    }
    const credential = form.dataset.passkeyCeremony === 'create'
      ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(start.options) })
      : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(start.options) });
    field(form, 'ceremony').value = start.ceremonyId;
    field(form, 'credential').value = JSON.stringify(credential.toJSON());
    form.submit();
  };

  for (const form of document.querySelectorAll('form[data-passkey-ceremony]')) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!form.reportValidity()) {
        return;
      }
      if (!supported()) {
        show(form, 'passkeyUnsupported');
        return;
      }
      const buttons = form.querySelectorAll('button');
      buttons.forEach((button) => { button.disabled = true; });
      try {
        await run(form);
      } catch (error) {
        // NotAllowedError: the user cancelled, or no passkey of theirs was there; InvalidStateError: already registered.
        const key = error.messageKey
          || (error.name === 'NotAllowedError' || error.name === 'AbortError' ? 'passkeyCancelled'
            : error.name === 'InvalidStateError' ? 'passkeyExists' : 'passkeyFailed');
        show(form, key);
        buttons.forEach((button) => { button.disabled = false; });
      }
    });
  }
})();
