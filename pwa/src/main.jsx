import { render } from 'preact';
import './styles.css';
import { App } from './app/App.jsx';
import { boot, store } from './app/controller.js';
import { registerSW } from './app/swRegister.js';

registerSW({
  onOfflineReady: () => store.set({ sw: { ...store.get().sw, offlineReady: true } }),
  onUpdate: (reg) => store.set({ sw: { ...store.get().sw, update: reg } }),
});
render(<App />, document.getElementById('app'));
boot();
