// Words every page uses: app name, language switch, loading, errors.
// zh-CN; keys are namespaced "common.<screen>.<name>" and must match the other languages.
export default {
  'common.language_name': '简体中文',
  'common.app_name': '服务评估',
  'common.lang_switch': 'English',
  'common.lang_switch_label': 'English — 切换为英文',
  'common.skip': '跳到主要内容',
  'common.dismiss': '关闭',
  'common.loading': '加载中…',
  'common.syncing': '同步中…',
  'common.retry': '重试',
  'common.cancel': '取消',
  'common.error.generic': '出错了：{m}',
  'common.error.offline': '无网络连接。',
  'common.error.not_found': '未找到。',
};
